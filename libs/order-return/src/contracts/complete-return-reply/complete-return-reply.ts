import { replyOf } from '@app/contracts';
import { CompleteReturnCommand } from '../complete-return-command/complete-return-command';

/** Derived from the command: type `<command>.reply`, subject `saga.reply.…`, its version and result class. */
export const CompleteReturnReply = replyOf(CompleteReturnCommand);
