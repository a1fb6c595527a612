import { ApproveOrderCommand, CancelOrderCommand, CreateOrderCommand } from '@app/contracts';
import { commandTable, compensate, handle, participantCommandsController } from '@app/participant';
import { OrderService } from './order.service';

/** The saga commands the order service decides (the table keeps resends and tombstones). */
export const orderCommands = commandTable(OrderService, [
  handle(CreateOrderCommand, (orders, manager, payload) => orders.create(manager, payload), {
    // A create that arrives after its cancel is refused; the order still reads as cancelled.
    whenCompensatedFirst: (orders, manager, payload) => orders.recordCancelledBeforeCreated(manager, payload),
  }),
  handle(ApproveOrderCommand, (orders, manager, payload) => orders.approve(manager, payload)),
  compensate(CancelOrderCommand, { undoes: CreateOrderCommand }, (orders, manager, payload) =>
    orders.cancel(manager, payload),
  ),
]);

export const OrderCommandsController = participantCommandsController('order', orderCommands);
