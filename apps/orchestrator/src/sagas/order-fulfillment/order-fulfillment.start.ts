import { StartOrderFulfillment } from '@app/contracts';
import { bindSagaStart } from '@app/saga-core';
import { orderFulfillmentDataFrom } from './order-fulfillment.data';
import { ORDER_FULFILLMENT } from './order-fulfillment.saga';

/** `saga.start.order-fulfillment` → a new order-fulfillment saga, known by its order id. */
export const orderFulfillmentStart = bindSagaStart({
  contract: StartOrderFulfillment,
  sagaType: ORDER_FULFILLMENT,
  request: (payload) => ({
    sagaId: payload.sagaId,
    businessKey: payload.orderId,
    idempotencyKey: payload.idempotencyKey ?? null,
    data: orderFulfillmentDataFrom(payload),
  }),
});
