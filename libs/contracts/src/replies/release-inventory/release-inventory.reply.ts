import { ReleaseInventoryCommand } from '../../commands/release-inventory/release-inventory.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const ReleaseInventoryReply = replyOf(ReleaseInventoryCommand);
