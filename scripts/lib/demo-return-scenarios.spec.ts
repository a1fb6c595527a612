import { randomUUID } from 'node:crypto';
import { StartOrderFulfillment, validatePayload } from '@app/contracts';
import { StartOrderReturn } from '@app/order-return';
import { DEMO_RETURN_SCENARIOS } from './demo-return-scenarios';

describe('DEMO_RETURN_SCENARIOS', () => {
  it('returns one unit of an order that completes, paid once with tok_visa and once with tok_refundDeclined', () => {
    expect(
      DEMO_RETURN_SCENARIOS.map(({ order, return: body, expected }) => ({
        token: order.payment.token,
        country: order.shippingAddress.country,
        ordered: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
        returned: body.items,
        expected,
      })),
    ).toEqual([
      {
        token: 'tok_visa',
        country: 'US',
        ordered: [{ sku: 'SKU-001', quantity: 2 }],
        returned: [{ sku: 'SKU-001', quantity: 1 }],
        expected: { saga: 'COMPLETED', status: 'REFUNDED' },
      },
      {
        token: 'tok_refundDeclined',
        country: 'US',
        ordered: [{ sku: 'SKU-001', quantity: 2 }],
        returned: [{ sku: 'SKU-001', quantity: 1 }],
        expected: { saga: 'COMPENSATED', status: 'REJECTED' },
      },
    ]);
  });

  it('places orders and returns the gateway accepts', () => {
    for (const { order, return: body } of DEMO_RETURN_SCENARIOS) {
      const orderId = randomUUID();
      expect(validatePayload(StartOrderFulfillment, { orderId, sagaId: randomUUID(), order })).toMatchObject({
        ok: true,
      });
      expect(
        validatePayload(StartOrderReturn, { orderId, returnId: randomUUID(), sagaId: randomUUID(), ...body }),
      ).toMatchObject({ ok: true });
    }
  });
});
