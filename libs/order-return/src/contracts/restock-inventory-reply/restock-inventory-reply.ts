import { defineReply, ReplyPayload, ReplyResult } from '@app/contracts';
import { IsUUID } from 'class-validator';
import { RestockInventoryCommand } from '../restock-inventory-command/restock-inventory-command';

export class RestockInventoryReplyResult {
  @IsUUID()
  returnId: string;
}

export class RestockInventoryReplyPayload extends ReplyPayload {
  @ReplyResult(() => RestockInventoryReplyResult)
  result?: RestockInventoryReplyResult;
}

export const RestockInventoryReply = defineReply(
  RestockInventoryCommand,
  RestockInventoryReplyPayload,
  'Outcome of inventory.restock.',
);
