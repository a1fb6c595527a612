import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ReleaseInventoryCommand } from '../../commands/release-inventory/release-inventory.command';
import { defineReply } from '../../contract-builders';
import { ReservationStatus } from '../../shared/domain-values';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class ReleaseInventoryReplyResult {
  /** Absent when there was nothing to release (the reserve command was never seen). */
  @IsOptional()
  @IsUUID()
  reservationId?: string;

  @IsIn([ReservationStatus.RELEASED])
  status: typeof ReservationStatus.RELEASED;
}

export class ReleaseInventoryReplyPayload extends ReplyPayload {
  @ReplyResult(() => ReleaseInventoryReplyResult)
  result?: ReleaseInventoryReplyResult;
}

export const ReleaseInventoryReply = defineReply(
  ReleaseInventoryCommand,
  ReleaseInventoryReplyPayload,
  'Outcome of inventory.release.',
);
