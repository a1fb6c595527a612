import { CreateOrderCommand } from '../../commands/create-order/create-order.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const CreateOrderReply = replyOf(CreateOrderCommand);
