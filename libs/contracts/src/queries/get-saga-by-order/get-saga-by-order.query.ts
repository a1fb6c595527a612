import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { defineQuery } from '../../contract-builders';
import { SagaStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';

export class GetSagaByOrderPayload extends OrderScoped {}

export class GetSagaByOrderResult {
  @IsUUID()
  sagaId: string;

  @IsIn(Object.values(SagaStatus))
  status: SagaStatus;

  /** Null when the saga has no current step (e.g. it has ended). */
  @IsOptional()
  @BoundedString(MAX_ID_LENGTH)
  currentStep: string | null;
}

export const GetSagaByOrderQuery = defineQuery({
  service: 'orchestrator',
  name: 'saga-by-order',
  payload: GetSagaByOrderPayload,
  result: GetSagaByOrderResult,
  description: 'The saga started for an order; null when none was started.',
});
