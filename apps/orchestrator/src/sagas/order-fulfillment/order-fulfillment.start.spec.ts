import { randomUUID } from 'node:crypto';
import { sampleOrderRequest, type StartOrderFulfillmentPayload } from '@app/contracts';
import { orderFulfillmentDataFrom } from './order-fulfillment.data';
import { orderFulfillmentModule } from './order-fulfillment.saga-module';

describe('orderFulfillmentModule', () => {
  const payload = (overrides: Partial<StartOrderFulfillmentPayload> = {}): StartOrderFulfillmentPayload => ({
    sagaId: randomUUID(),
    orderId: randomUUID(),
    order: sampleOrderRequest(),
    ...overrides,
  });

  it('starts an order-fulfillment saga on saga.start.order-fulfillment', () => {
    expect(orderFulfillmentModule.start.contract.subject).toBe('saga.start.order-fulfillment');
    expect(orderFulfillmentModule.start.sagaType).toBe(orderFulfillmentModule.definition.type);
    expect(orderFulfillmentModule.contracts).toEqual([orderFulfillmentModule.start.contract]);
  });

  it('knows the saga by its order id, and keeps the idempotency key of the request', () => {
    const start = payload({ idempotencyKey: 'client-key-1' });

    expect(orderFulfillmentModule.start.request(start)).toEqual({
      sagaId: start.sagaId,
      businessKey: start.orderId,
      idempotencyKey: 'client-key-1',
      data: orderFulfillmentDataFrom(start),
    });
  });

  it('has no idempotency key when the request came without one', () => {
    expect(orderFulfillmentModule.start.request(payload())).toMatchObject({ idempotencyKey: null });
  });
});
