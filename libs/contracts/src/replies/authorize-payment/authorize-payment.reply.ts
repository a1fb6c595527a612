import { AuthorizePaymentCommand } from '../../commands/authorize-payment/authorize-payment.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const AuthorizePaymentReply = replyOf(AuthorizePaymentCommand);
