import { CancelReturnCommand, CompleteReturnCommand, RequestReturnCommand } from '@app/order-return';
import { commandTable, compensate, handle, participantCommandsController } from '@app/participant';
import { keyedByReturn } from './keyed-by-return';
import { OrderReturnsService } from './order-returns.service';

/** The returns saga's commands to the order service, each keyed by its return id. */
export const orderReturnCommands = commandTable(OrderReturnsService, [
  handle(
    RequestReturnCommand,
    keyedByReturn((returns, manager, payload) => returns.request(manager, payload)),
    {
      // A request that arrives after its cancellation is refused; the return still reads as rejected.
      whenCompensatedFirst: (returns, manager, payload) =>
        returns.recordCancelledBeforeRequested(manager, payload),
    },
  ),
  compensate(
    CancelReturnCommand,
    { undoes: RequestReturnCommand },
    keyedByReturn((returns, manager, payload) => returns.cancel(manager, payload)),
  ),
  handle(
    CompleteReturnCommand,
    keyedByReturn((returns, manager, payload) => returns.complete(manager, payload)),
  ),
]);

export const OrderReturnsCommandsController = participantCommandsController('order', orderReturnCommands);
