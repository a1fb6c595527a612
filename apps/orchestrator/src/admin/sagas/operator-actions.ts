import { type SagaDefinition, type SagaEvent, type SagaInstance, transition } from '@app/saga-core';

export interface OperatorActions {
  retry: boolean;
  abort: boolean;
}

const DRY_RUN = { ids: { next: () => 'dry-run' }, random: { next: () => 0 } };

/**
 * Which operator actions the saga would accept now, asked of the state machine itself: the
 * event is applied to the instance in memory (`transition` is pure) and the result dropped.
 */
export function allowedOperatorActions(
  definition: SagaDefinition<unknown>,
  instance: SagaInstance<unknown>,
  now: Date = new Date(),
): OperatorActions {
  const accepts = (event: SagaEvent) => {
    try {
      return !transition(definition, instance, event, { ...DRY_RUN, now }).rejection;
    } catch {
      // A payload builder that throws would make the real action fail the same way.
      return false;
    }
  };
  return {
    retry: accepts({ type: 'operator-retry' }),
    abort: accepts({ type: 'operator-abort', reason: 'dry run' }),
  };
}
