import {
  CancelReturnCommand,
  CompleteReturnCommand,
  RETURN_BUSINESS_KEY,
  RequestReturnCommand,
} from '@app/order-return';
import { commandTable, compensate, handle, participantCommandsController } from '@app/participant';
import { OrderReturnsService } from './order-returns.service';

/**
 * A return's commands reach the ledger under its return id (the returns saga's business key): keyed
 * by the order id, two returns of one order would share an entry and the second get the first's reply.
 */
const keyedByReturnId = { businessKey: RETURN_BUSINESS_KEY };

/** The returns saga's commands to the order service, each keyed by its return id. */
export const orderReturnCommands = commandTable(OrderReturnsService, [
  handle(RequestReturnCommand, (returns, manager, payload) => returns.request(manager, payload), {
    ...keyedByReturnId,
    // A request that arrives after its cancellation is refused; the return still reads as rejected.
    whenCompensatedFirst: (returns, manager, payload) =>
      returns.recordCancelledBeforeRequested(manager, payload),
  }),
  compensate(
    CancelReturnCommand,
    { undoes: RequestReturnCommand },
    (returns, manager, payload) => returns.cancel(manager, payload),
    keyedByReturnId,
  ),
  handle(
    CompleteReturnCommand,
    (returns, manager, payload) => returns.complete(manager, payload),
    keyedByReturnId,
  ),
]);

export const OrderReturnsCommandsController = participantCommandsController('order', orderReturnCommands);
