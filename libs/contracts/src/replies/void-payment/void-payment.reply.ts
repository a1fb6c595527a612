import { VoidPaymentCommand } from '../../commands/void-payment/void-payment.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const VoidPaymentReply = replyOf(VoidPaymentCommand);
