import { CancelOrderCommand } from '../../commands/cancel-order/cancel-order.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const CancelOrderReply = replyOf(CancelOrderCommand);
