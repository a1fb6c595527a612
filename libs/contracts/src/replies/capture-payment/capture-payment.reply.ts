import { CapturePaymentCommand } from '../../commands/capture-payment/capture-payment.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const CapturePaymentReply = replyOf(CapturePaymentCommand);
