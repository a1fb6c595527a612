import { IsIn, IsUUID } from 'class-validator';
import { defineEvent } from '../../contract-builders';
import { SagaStatus } from '../../shared/domain-values';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';

export const FinishedSagaStatuses = [
  SagaStatus.COMPLETED,
  SagaStatus.COMPENSATED,
  SagaStatus.FAILED,
] as const;
export type FinishedSagaStatus = (typeof FinishedSagaStatuses)[number];

export class SagaFinishedPayload {
  @IsUUID()
  sagaId: string;

  @BoundedString(MAX_ID_LENGTH)
  sagaType: string;

  /** FAILED waits for an operator: a retry can still take the saga on, and it then finishes again. */
  @IsIn(FinishedSagaStatuses)
  status: FinishedSagaStatus;
}

export const SagaFinishedEvent = defineEvent({
  service: 'orchestrator',
  entity: 'saga',
  action: 'finished',
  payload: SagaFinishedPayload,
  description:
    'A saga reached COMPLETED, COMPENSATED or FAILED; published with the transition that ended it.',
});
