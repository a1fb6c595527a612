import { orderFulfillmentDataFrom } from './order-fulfillment.data';
import { ORDER_ID, startPayload } from './testing/order-fulfillment.fixture';

describe('orderFulfillmentDataFrom', () => {
  it('copies the order into plain saga data and computes the total', () => {
    expect(orderFulfillmentDataFrom(startPayload)).toEqual({
      orderId: ORDER_ID,
      customerId: 'cust-42',
      currency: 'USD',
      items: [
        { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
        { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
      ],
      totalCents: 3098,
      payment: { method: 'card', token: 'tok_visa' },
      shippingAddress: {
        name: 'Ada',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    });
  });

  it('keeps an address line2 and drops fields the saga does not use', () => {
    const start = {
      ...startPayload,
      idempotencyKey: 'key-1',
      order: {
        ...startPayload.order,
        shippingAddress: { ...startPayload.order.shippingAddress, line2: 'Apt 4' },
      },
    };
    const data = orderFulfillmentDataFrom(start);
    expect(data.shippingAddress.line2).toBe('Apt 4');
    expect(data).not.toHaveProperty('idempotencyKey');
    expect(data).not.toHaveProperty('sagaId');
  });

  it('does not share objects with the start payload', () => {
    const data = orderFulfillmentDataFrom(startPayload);
    expect(data.items[0]).not.toBe(startPayload.order.items[0]);
    expect(data.shippingAddress).not.toBe(startPayload.order.shippingAddress);
  });
});
