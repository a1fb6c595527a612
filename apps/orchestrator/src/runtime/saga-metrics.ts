import { Metrics, PlatformMetrics } from '@app/observability';
import type { SagaEffect, SagaInstance } from '@app/saga-core';
import type { SagaRuntimeObserver } from './saga-runtime-observer';

/** Counts sagas started and finished, step retries, compensations and timeouts from committed effects. */
export class SagaMetrics implements SagaRuntimeObserver {
  private readonly started;
  private readonly finished;
  private readonly duration;
  private readonly retries;
  private readonly compensations;
  private readonly timeouts;

  constructor(metrics: Metrics) {
    this.started = metrics.counter(PlatformMetrics.sagaStarted);
    this.finished = metrics.counter(PlatformMetrics.sagaFinished);
    this.duration = metrics.histogram(PlatformMetrics.sagaDuration);
    this.retries = metrics.counter(PlatformMetrics.sagaStepRetries);
    this.compensations = metrics.counter(PlatformMetrics.sagaCompensations);
    this.timeouts = metrics.counter(PlatformMetrics.sagaTimeouts);
  }

  committed(instance: SagaInstance<unknown>, effects: readonly SagaEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'finished') {
        this.finished.inc({ type: instance.type, status: effect.status });
        const startedAt = instance.steps[0]?.startedAt;
        if (startedAt) this.duration.observe((Date.now() - Date.parse(startedAt)) / 1_000);
      } else if (effect.type === 'timeline') {
        if (effect.kind === 'saga-started') this.started.inc();
        else if (effect.kind === 'retry-scheduled') this.retries.inc();
        else if (effect.kind === 'compensation-sent') this.compensations.inc();
        else if (effect.kind === 'timeout') this.timeouts.inc();
      }
    }
  }
}
