import { IsUUID } from 'class-validator';
import { ReserveInventoryCommand } from '../../commands/reserve-inventory/reserve-inventory.command';
import { defineReply } from '../../contract-builders';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class ReserveInventoryReplyResult {
  @IsUUID()
  reservationId: string;
}

export class ReserveInventoryReplyPayload extends ReplyPayload {
  @ReplyResult(() => ReserveInventoryReplyResult)
  result?: ReserveInventoryReplyResult;
}

export const ReserveInventoryReply = defineReply(
  ReserveInventoryCommand,
  ReserveInventoryReplyPayload,
  'Outcome of inventory.reserve; INSUFFICIENT_STOCK or UNKNOWN_SKU on business failure.',
);
