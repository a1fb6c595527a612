import { SagaInstanceRecord } from './saga-instance.entity';
import { SagaStepRecord } from './saga-step.entity';
import { SagaTimelineRecord } from './saga-timeline-entry.entity';

/** The TypeORM entities of the `orchestrator` schema (tables created by `migrations/orchestrator`). */
export const ORCHESTRATOR_ENTITIES = [SagaInstanceRecord, SagaStepRecord, SagaTimelineRecord];
