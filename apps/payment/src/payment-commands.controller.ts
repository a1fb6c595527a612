import { AuthorizePaymentCommand, CapturePaymentCommand, VoidPaymentCommand } from '@app/contracts';
import { commandTable, compensate, handle, participantCommandsController } from '@app/participant';
import { PaymentService } from './payment.service';
import { refundCommands } from './refunds/refund-commands';

/** The saga commands payment decides (the table keeps resends and tombstones). */
export const paymentCommands = commandTable(PaymentService, [
  handle(AuthorizePaymentCommand, (payments, manager, payload) => payments.authorize(manager, payload)),
  compensate(VoidPaymentCommand, { undoes: AuthorizePaymentCommand }, (payments, manager, payload) =>
    payments.void(manager, payload),
  ),
  handle(CapturePaymentCommand, (payments, manager, payload) => payments.capture(manager, payload)),
]);

export const PaymentCommandsController = participantCommandsController(
  'payment',
  paymentCommands,
  refundCommands,
);
