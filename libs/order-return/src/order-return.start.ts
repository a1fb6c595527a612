import { bindSagaStart } from '@app/saga-core';
import { StartOrderReturn } from './contracts';
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
    businessKey: payload.returnId,
    idempotencyKey: payload.idempotencyKey ?? null,
    data: orderReturnDataFrom(payload),
  }),
});
