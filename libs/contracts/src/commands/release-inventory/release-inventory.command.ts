import { IsOptional, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';

export class ReleaseInventoryPayload extends OrderScoped {
  /** Absent when the reserve step timed out and its reservation id is unknown. */
  @IsOptional()
  @IsUUID()
  reservationId?: string;
}

export const ReleaseInventoryCommand = defineCommand({
  service: 'inventory',
  action: 'release',
  payload: ReleaseInventoryPayload,
  description: "Compensation of inventory.reserve: return the order's reserved stock.",
});
