import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { ReservationStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';

export class ReleaseInventoryPayload extends OrderScoped {
  /** Absent when the reserve step timed out and its reservation id is unknown. */
  @IsOptional()
  @IsUUID()
  reservationId?: string;
}

export class ReleaseInventoryReplyResult {
  /** Absent when there was nothing to release (the reserve command was never seen). */
  @IsOptional()
  @IsUUID()
  reservationId?: string;

  @IsIn([ReservationStatus.RELEASED])
  status: typeof ReservationStatus.RELEASED;
}

export const ReleaseInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'release',
  payload: ReleaseInventoryPayload,
  description: "Compensation of inventory.reserve: return the order's reserved stock.",
  result: ReleaseInventoryReplyResult,
});
