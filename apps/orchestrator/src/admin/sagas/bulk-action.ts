import type { SagaStatus } from '@app/saga-core';
import type { OperatorOutcome } from '../../runtime/saga-runtime';

/** What one saga of a bulk action came to. */
export interface BulkActionResult {
  sagaId: string;
  outcome: 'accepted' | 'refused';
  /** The saga's status after an accepted action. */
  status?: SagaStatus;
  /** Why the action was refused (the state machine's reason, an unknown saga, or a failure). */
  error?: string;
}

/** Sagas acted on at once: each action is a few round trips, and the pool serves other requests too. */
const BULK_CONCURRENCY = 8;

/**
 * Applies `act` to every saga, a few at a time, each on its own (its own row-version-guarded
 * write and timeline entry, exactly like a single action); one saga's refusal or failure does
 * not stop the others. Results come in the order the ids were given.
 */
export async function actOnEach(
  sagaIds: readonly string[],
  act: (sagaId: string) => Promise<OperatorOutcome>,
  concurrency: number = BULK_CONCURRENCY,
): Promise<BulkActionResult[]> {
  const results: BulkActionResult[] = new Array<BulkActionResult>(sagaIds.length);
  let next = 0;
  const worker = async () => {
    while (next < sagaIds.length) {
      const index = next++;
      results[index] = await resultOf(sagaIds[index], act);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sagaIds.length) }, worker));
  return results;
}

async function resultOf(
  sagaId: string,
  act: (sagaId: string) => Promise<OperatorOutcome>,
): Promise<BulkActionResult> {
  try {
    const outcome = await act(sagaId);
    switch (outcome.outcome) {
      case 'applied':
        return { sagaId, outcome: 'accepted', status: outcome.status };
      case 'refused':
        return { sagaId, outcome: 'refused', error: outcome.message };
      case 'not-found':
        return { sagaId, outcome: 'refused', error: `Saga ${sagaId} not found` };
    }
  } catch (error) {
    return {
      sagaId,
      outcome: 'refused',
      error: `failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
