import { randomUUID } from 'node:crypto';
import { StartOrderFulfillment, validatePayload } from '@app/contracts';
import { DEMO_SCENARIOS } from './demo-scenarios';

describe('DEMO_SCENARIOS', () => {
  it('covers each outcome of the demo domain once', () => {
    const variations = DEMO_SCENARIOS.map(({ order }) => [
      order.items[0].sku,
      order.payment.token,
      order.shippingAddress.country,
    ]);

    expect(variations).toEqual([
      ['SKU-001', 'tok_visa', 'US'],
      ['SKU-OOS', 'tok_visa', 'US'],
      ['SKU-001', 'tok_chargeDeclined', 'US'],
      ['SKU-001', 'tok_insufficientFunds', 'US'],
      ['SKU-001', 'tok_processingError', 'US'],
      ['SKU-001', 'tok_timeout', 'US'],
      ['SKU-001', 'tok_visa', 'BR'],
    ]);
    expect(DEMO_SCENARIOS.map((scenario) => scenario.expected)).toEqual([
      'COMPLETED',
      'COMPENSATED',
      'COMPENSATED',
      'COMPENSATED',
      'COMPLETED',
      'COMPENSATED',
      'COMPENSATED',
    ]);
  });

  it('places orders the gateway accepts', () => {
    for (const { order } of DEMO_SCENARIOS) {
      expect(
        validatePayload(StartOrderFulfillment, { orderId: randomUUID(), sagaId: randomUUID(), order }),
      ).toMatchObject({ ok: true });
    }
  });
});
