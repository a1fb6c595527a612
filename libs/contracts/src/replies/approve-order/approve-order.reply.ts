import { ApproveOrderCommand } from '../../commands/approve-order/approve-order.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const ApproveOrderReply = replyOf(ApproveOrderCommand);
