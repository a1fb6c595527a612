import { replyOf } from '@app/contracts';
import { RefundPaymentCommand } from '../refund-payment-command/refund-payment-command';

/** Derived from the command: type `<command>.reply`, subject `saga.reply.…`, its version and result class. */
export const RefundPaymentReply = replyOf(RefundPaymentCommand);
