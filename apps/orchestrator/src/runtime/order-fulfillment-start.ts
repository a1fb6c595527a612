import { StartOrderFulfillment } from '@app/contracts';
import { ORDER_FULFILLMENT, orderFulfillmentDataFrom } from '../sagas/order-fulfillment';
import { bindSagaStart } from './saga-start-binding';

/** `saga.start.order-fulfillment` → a new order-fulfillment saga. */
export const orderFulfillmentStart = bindSagaStart({
  contract: StartOrderFulfillment,
  sagaType: ORDER_FULFILLMENT,
  request: (payload) => ({
    sagaId: payload.sagaId,
    orderId: payload.orderId,
    businessKey: payload.orderId,
    idempotencyKey: payload.idempotencyKey ?? null,
    data: orderFulfillmentDataFrom(payload),
  }),
});
