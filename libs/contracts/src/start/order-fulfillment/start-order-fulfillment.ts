import { IsOptional, IsUUID } from 'class-validator';
import { defineContract } from '../../message-contract';
import { OrderRequest } from '../../shared/order-request/order-request';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_TEXT_LENGTH } from '../../validation/limits';
import { NestedObject } from '../../validation/nested-decorators';

export class StartOrderFulfillmentPayload extends OrderScoped {
  @IsUUID()
  sagaId: string;

  /** The client's `Idempotency-Key` header, when it sent one. */
  @IsOptional()
  @BoundedString(MAX_TEXT_LENGTH)
  idempotencyKey?: string;

  @NestedObject(() => OrderRequest)
  order: OrderRequest;
}

export const StartOrderFulfillment = defineContract({
  type: 'saga.start.order-fulfillment',
  kind: 'start',
  subject: 'saga.start.order-fulfillment',
  version: 1,
  payload: StartOrderFulfillmentPayload,
  description: 'Start an order-fulfillment saga (sent by the gateway, consumed by the orchestrator).',
});
