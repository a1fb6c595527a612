import { randomUUID } from 'node:crypto';
import { StartOrderFulfillment, validatePayload } from '@app/contracts';
import { UNSUPPORTED_COUNTRY, benchOrder } from './order-mix';

const scenarios = (count: number, from = 0) =>
  Array.from({ length: count }, (_, offset) => benchOrder(from + offset).scenario);

const share = (list: string[], scenario: string) =>
  list.filter((entry) => entry === scenario).length / list.length;

describe('benchOrder', () => {
  it('declines 10% of the cards and ships 5% to an unsupported country, in any run of 20', () => {
    for (const from of [0, 7, 1_013]) {
      const twenty = scenarios(20, from);
      expect(share(twenty, 'card-declined')).toBe(0.1);
      expect(share(twenty, 'unsupported-country')).toBe(0.05);
      expect(share(twenty, 'happy')).toBe(0.85);
    }
  });

  it('spreads the failures instead of bunching them', () => {
    const first = scenarios(20);
    const failures = first.flatMap((scenario, index) => (scenario === 'happy' ? [] : [index]));
    expect(failures).toHaveLength(3);
    expect(Math.min(...failures.slice(1).map((index, i) => index - failures[i]))).toBeGreaterThanOrEqual(5);
  });

  it('uses the declining test token and the unsupported country, and expects compensation for them', () => {
    const declined = benchOrder(3);
    const unsupported = benchOrder(8);
    const happy = benchOrder(0);

    expect(declined).toMatchObject({ scenario: 'card-declined', expected: 'COMPENSATED' });
    expect(declined.body.payment.token).toBe('tok_chargeDeclined');
    expect(unsupported).toMatchObject({ scenario: 'unsupported-country', expected: 'COMPENSATED' });
    expect(unsupported.body.shippingAddress.country).toBe(UNSUPPORTED_COUNTRY);
    expect(unsupported.body.payment.token).toBe('tok_visa');
    expect(happy).toMatchObject({ scenario: 'happy', expected: 'COMPLETED' });
    expect(happy.body.payment.token).toBe('tok_visa');
    expect(happy.body.shippingAddress.country).toBe('US');
  });

  it('rotates over SKU-001…SKU-100', () => {
    const skus = Array.from({ length: 201 }, (_, index) => benchOrder(index).body.items[0].sku);
    expect(skus[0]).toBe('SKU-001');
    expect(skus[99]).toBe('SKU-100');
    expect(skus[100]).toBe('SKU-001');
    expect(new Set(skus).size).toBe(100);
  });

  it('is the same order for the same index', () => {
    expect(benchOrder(42)).toEqual(benchOrder(42));
  });

  it('builds bodies the gateway accepts', () => {
    for (let index = 0; index < 20; index++) {
      const result = validatePayload(StartOrderFulfillment, {
        orderId: randomUUID(),
        sagaId: randomUUID(),
        order: benchOrder(index).body,
      });
      expect(result).toMatchObject({ ok: true });
    }
  });
});
