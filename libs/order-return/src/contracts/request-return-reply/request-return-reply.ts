import { replyOf } from '@app/contracts';
import { RequestReturnCommand } from '../request-return-command/request-return-command';

/** Derived from the command: type `<command>.reply`, subject `saga.reply.…`, its version and result class. */
export const RequestReturnReply = replyOf(RequestReturnCommand);
