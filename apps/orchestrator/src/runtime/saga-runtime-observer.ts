import type { SagaEffect, SagaInstance } from '@app/saga-core';

/** Told about every saga change after its transaction committed (metrics, deadline wake-ups). */
export interface SagaRuntimeObserver {
  committed(instance: SagaInstance<unknown>, effects: readonly SagaEffect[]): void;
}
