import { replyOf } from '@app/contracts';
import { RestockInventoryCommand } from '../restock-inventory-command/restock-inventory-command';

/** Derived from the command: type `<command>.reply`, subject `saga.reply.…`, its version and result class. */
export const RestockInventoryReply = replyOf(RestockInventoryCommand);
