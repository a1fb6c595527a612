import { replyOf } from '@app/contracts';
import { CancelReturnCommand } from '../cancel-return-command/cancel-return-command';

/** Derived from the command: type `<command>.reply`, subject `saga.reply.…`, its version and result class. */
export const CancelReturnReply = replyOf(CancelReturnCommand);
