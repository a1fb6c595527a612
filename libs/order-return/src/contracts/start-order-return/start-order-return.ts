import { BoundedString, defineContract, LineItems, MAX_TEXT_LENGTH, SkuQuantity } from '@app/contracts';
import { IsOptional, IsUUID } from 'class-validator';
import { ReturnReason } from '../shared/return-reason';
import { ReturnScoped } from '../shared/return-scoped';

export class StartOrderReturnPayload extends ReturnScoped {
  @IsUUID()
  sagaId: string;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  @ReturnReason()
  reason: string;

  /** The client's `Idempotency-Key` header, when it sent one. */
  @IsOptional()
  @BoundedString(MAX_TEXT_LENGTH)
  idempotencyKey?: string;
}

export const StartOrderReturn = defineContract({
  type: 'saga.start.order-return',
  kind: 'start',
  subject: 'saga.start.order-return',
  version: 1,
  payload: StartOrderReturnPayload,
  description: 'Start an order-return saga (sent by the gateway, consumed by the orchestrator).',
});
