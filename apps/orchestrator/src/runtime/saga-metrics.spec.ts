import { randomUUID } from 'node:crypto';
import { Metrics } from '@app/observability';
import {
  type SagaDefinition,
  type SagaEvent,
  type SagaInstance,
  createSagaInstance,
  transition,
} from '@app/saga-core';
import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { orderData, replyResults } from '../sagas/order-fulfillment/testing/order-fulfillment.fixture';
import { SagaMetrics } from './saga-metrics';

const definition = orderFulfillmentSaga as SagaDefinition<unknown>;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const TYPE = 'type="order-fulfillment"';

/** Drives one saga through `transition` on a manual clock, telling `SagaMetrics` every commit. */
class DrivenSaga {
  instance: SagaInstance<unknown>;

  constructor(private readonly observer: SagaMetrics) {
    this.instance = createSagaInstance(definition, randomUUID(), orderData as unknown);
  }

  apply(event: SagaEvent, atMs: number): this {
    const env = { now: new Date(T0 + atMs), ids: { next: () => randomUUID() }, random: { next: () => 0.5 } };
    const result = transition(definition, this.instance, event, env);
    this.instance = result.instance;
    this.observer.committed(result.instance, result.effects);
    return this;
  }

  reply(step: string, outcome: 'SUCCESS' | 'BUSINESS_FAILURE' | 'TRANSIENT_FAILURE', atMs: number): this {
    const commandId = this.instance.steps.find((s) => s.name === step)?.lastCommandId as string;
    const error = { code: 'X', message: 'x' };
    const event: SagaEvent =
      outcome === 'SUCCESS'
        ? { type: 'reply-success', stepName: step, commandId, result: replyResults[step as 'create-order'] }
        : {
            type: outcome === 'BUSINESS_FAILURE' ? 'reply-business-failure' : 'reply-transient-failure',
            stepName: step,
            commandId,
            error,
          };
    return this.apply(event, atMs);
  }

  /** Fires the pending deadline exactly when it is due. */
  deadline(): this {
    return this.apply({ type: 'deadline-reached' }, Date.parse(this.instance.deadline!.at) - T0);
  }
}

function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('SagaMetrics', () => {
  let metrics: Metrics;
  let observer: SagaMetrics;

  beforeEach(() => {
    metrics = new Metrics();
    observer = new SagaMetrics(metrics);
  });

  it('counts a completed saga and times it and each step on the saga clock', async () => {
    const saga = new DrivenSaga(observer).apply({ type: 'started' }, 0);
    const steps = definition.steps.map((step) => step.name);
    steps.forEach((step, index) => saga.reply(step, 'SUCCESS', (index + 1) * 100));

    const text = await metrics.scrape();
    expect(saga.instance.status).toBe('COMPLETED');
    expect(sample(text, `saga_started_total{${TYPE}}`)).toBe(1);
    expect(sample(text, `saga_finished_total{${TYPE},status="COMPLETED"}`)).toBe(1);
    expect(sample(text, `saga_duration_seconds_count{${TYPE},status="COMPLETED"}`)).toBe(1);
    expect(sample(text, `saga_duration_seconds_sum{${TYPE},status="COMPLETED"}`)).toBeCloseTo(0.6);
    for (const step of steps) {
      const series = `saga_step_duration_seconds_sum{${TYPE},step="${step}",outcome="succeeded"}`;
      expect(sample(text, series)).toBeCloseTo(0.1);
    }
    expect(text).not.toMatch(/^saga_(step_retries|compensations|timeouts)_total\{/m);
  });

  it('counts retries by phase, timeouts, compensations and a compensated finish', async () => {
    const saga = new DrivenSaga(observer)
      .apply({ type: 'started' }, 0)
      .reply('create-order', 'SUCCESS', 10)
      .reply('reserve-inventory', 'TRANSIENT_FAILURE', 20)
      .deadline() // retry backoff over: reserve-inventory is sent again
      .reply('reserve-inventory', 'SUCCESS', 500)
      .deadline() // authorize-payment never answers: timeout, compensate it and what came before
      .reply('authorize-payment', 'TRANSIENT_FAILURE', 6_000)
      .deadline() // compensation retry
      .reply('authorize-payment', 'SUCCESS', 7_000)
      .reply('reserve-inventory', 'SUCCESS', 7_100)
      .reply('create-order', 'SUCCESS', 7_200);

    const text = await metrics.scrape();
    expect(saga.instance.status).toBe('COMPENSATED');
    const stepLabels = (step: string) => `${TYPE},step="${step}"`;
    expect(sample(text, `saga_step_retries_total{${stepLabels('reserve-inventory')},phase="forward"}`)).toBe(
      1,
    );
    expect(
      sample(text, `saga_step_retries_total{${stepLabels('authorize-payment')},phase="compensation"}`),
    ).toBe(1);
    expect(sample(text, `saga_timeouts_total{${stepLabels('authorize-payment')}}`)).toBe(1);
    expect(sample(text, `saga_compensations_total{${stepLabels('authorize-payment')}}`)).toBe(2);
    expect(sample(text, `saga_compensations_total{${stepLabels('reserve-inventory')}}`)).toBe(1);
    expect(sample(text, `saga_compensations_total{${stepLabels('create-order')}}`)).toBe(1);
    expect(sample(text, `saga_finished_total{${TYPE},status="COMPENSATED"}`)).toBe(1);
    expect(sample(text, `saga_duration_seconds_sum{${TYPE},status="COMPENSATED"}`)).toBeCloseTo(7.2);
    // From its first send (when create-order succeeded) to its success, the retry included.
    expect(
      sample(text, `saga_step_duration_seconds_sum{${stepLabels('reserve-inventory')},outcome="succeeded"}`),
    ).toBeCloseTo(0.49);
    // A timeout ends the step's forward phase as failed.
    expect(
      sample(text, `saga_step_duration_seconds_count{${stepLabels('authorize-payment')},outcome="failed"}`),
    ).toBe(1);
    // Its compensation's success is not a forward outcome.
    expect(
      sample(
        text,
        `saga_step_duration_seconds_count{${stepLabels('authorize-payment')},outcome="succeeded"}`,
      ),
    ).toBeUndefined();
  });

  it('times a step that failed on a business verdict, and ignores a duplicate start', async () => {
    new DrivenSaga(observer)
      .apply({ type: 'started' }, 0)
      .apply({ type: 'started' }, 5)
      .reply('create-order', 'BUSINESS_FAILURE', 30);

    const text = await metrics.scrape();
    expect(sample(text, `saga_started_total{${TYPE}}`)).toBe(1);
    expect(
      sample(text, `saga_step_duration_seconds_sum{${TYPE},step="create-order",outcome="failed"}`),
    ).toBeCloseTo(0.03);
    expect(sample(text, `saga_finished_total{${TYPE},status="COMPENSATED"}`)).toBe(1);
  });
});
