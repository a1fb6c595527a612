import { ReserveInventoryCommand } from '../../commands/reserve-inventory/reserve-inventory.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const ReserveInventoryReply = replyOf(ReserveInventoryCommand);
