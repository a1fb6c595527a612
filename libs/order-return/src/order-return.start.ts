import { bindSagaStart } from '@app/saga-core';
import { StartOrderReturn } from './contracts';
import { RETURN_BUSINESS_KEY } from './order-return.business-key';
import { orderReturnDataFrom } from './order-return.data';
import { ORDER_RETURN } from './order-return.saga';

/**
 * `saga.start.order-return` → a new order-return saga. Its business key is the return id:
 * participants key their idempotency on it, so two returns of one order are two effects.
 */
export const orderReturnStart = bindSagaStart({
  contract: StartOrderReturn,
  sagaType: ORDER_RETURN,
  request: (payload) => ({
    sagaId: payload.sagaId,
    businessKey: RETURN_BUSINESS_KEY.of(payload),
    // The gateway scopes a client's key to one order's returns; the engine dedupes starts by saga
    // type and key alone, so the key alone would take a return of another order for a repeat.
    idempotencyKey:
      payload.idempotencyKey === undefined ? null : `${payload.orderId}/${payload.idempotencyKey}`,
    data: orderReturnDataFrom(payload),
  }),
});
