import { Metrics, PlatformMetrics } from '@app/observability';
import type { SagaEffect, SagaInstance, TimelineEntry } from '@app/saga-core';
import type { SagaRuntimeObserver } from './saga-runtime-observer';

type StepOutcome = 'succeeded' | 'failed';

/**
 * Saga and step metrics from committed effects: sagas started and finished, saga and step
 * durations, retries, compensations and timeouts. Durations are measured on the saga's own
 * clock (the timestamps its transitions wrote), so they match the timeline an operator reads.
 */
export class SagaMetrics implements SagaRuntimeObserver {
  private readonly started;
  private readonly finished;
  private readonly duration;
  private readonly stepDuration;
  private readonly retries;
  private readonly compensations;
  private readonly timeouts;

  constructor(metrics: Metrics) {
    this.started = metrics.counter(PlatformMetrics.sagaStarted);
    this.finished = metrics.counter(PlatformMetrics.sagaFinished);
    this.duration = metrics.histogram(PlatformMetrics.sagaDuration);
    this.stepDuration = metrics.histogram(PlatformMetrics.sagaStepDuration);
    this.retries = metrics.counter(PlatformMetrics.sagaStepRetries);
    this.compensations = metrics.counter(PlatformMetrics.sagaCompensations);
    this.timeouts = metrics.counter(PlatformMetrics.sagaTimeouts);
  }

  committed(instance: SagaInstance<unknown>, effects: readonly SagaEffect[]): void {
    const type = instance.type;
    const timeline = effects.filter((effect): effect is TimelineEntry => effect.type === 'timeline');
    // One transition writes every entry with the same timestamp.
    const at = timeline[0] ? Date.parse(timeline[0].at) : Date.now();
    const stepEnds = new Map<string, StepOutcome>();

    for (const entry of timeline) {
      const step = entry.step ?? '';
      switch (entry.kind) {
        case 'saga-started':
          this.started.inc({ type });
          break;
        case 'retry-scheduled':
          this.retries.inc({ type, step, phase: entry.detail.compensation ? 'compensation' : 'forward' });
          break;
        case 'compensation-sent':
          this.compensations.inc({ type, step });
          break;
        case 'timeout':
          this.timeouts.inc({ type, step });
          break;
        case 'reply-received':
          if (instance.steps.find((s) => s.name === step)?.status === 'SUCCEEDED')
            stepEnds.set(step, 'succeeded');
          break;
        case 'compensation-started':
          stepEnds.set(step, 'failed');
          break;
        case 'retries-exhausted':
          if (!entry.detail.compensation) stepEnds.set(step, 'failed');
          break;
      }
    }

    for (const [step, outcome] of stepEnds) {
      const startedAt = instance.steps.find((s) => s.name === step)?.startedAt;
      if (startedAt) this.stepDuration.observe({ type, step, outcome }, secondsBetween(startedAt, at));
    }
    for (const effect of effects) {
      if (effect.type !== 'finished') continue;
      this.finished.inc({ type, status: effect.status });
      const startedAt = instance.steps[0]?.startedAt;
      if (startedAt) this.duration.observe({ type, status: effect.status }, secondsBetween(startedAt, at));
    }
  }
}

function secondsBetween(startIso: string, endMs: number): number {
  return Math.max(0, endMs - Date.parse(startIso)) / 1_000;
}
