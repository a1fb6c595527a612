import { backoffDelayMs } from '@app/backoff';
import type { SagaEffect, SagaInstance } from '@app/saga-core';
import type { RuntimeLogger } from './saga-runtime';
import type { SagaRuntimeObserver } from './saga-runtime-observer';

export interface DeadlineSchedulerOptions {
  /** Applies due deadlines to at most `limit` sagas; returns how many were due. */
  fire(limit: number): Promise<number>;
  /** The longest sleep between two polls (default 200 ms): other replicas' deadlines are found this way. */
  pollMs?: number;
  batchSize?: number;
  logger: RuntimeLogger;
}

/**
 * Fires saga deadlines (reply timeouts and retry backoffs). It polls the database, and this
 * process's own earlier deadlines wake it sooner: it observes committed transitions. Claims
 * use SKIP LOCKED, so every orchestrator replica runs one and each deadline fires once.
 */
export class DeadlineScheduler implements SagaRuntimeObserver {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private running?: Promise<void>;
  private stopping = false;
  private wakeAt = Number.POSITIVE_INFINITY;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(private readonly options: DeadlineSchedulerOptions) {
    this.pollMs = options.pollMs ?? 200;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    if (this.running) throw new Error('the deadline scheduler was already started');
    this.running = this.loop();
  }

  /** Lets the pass in progress finish; no pass starts after this resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  committed(_instance: SagaInstance<unknown>, effects: readonly SagaEffect[]): void {
    for (const effect of effects) {
      if (effect.type === 'schedule-deadline') this.wakeBy(Date.parse(effect.at));
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      this.wakeAt = Date.now() + this.pollMs;
      try {
        while (!this.stopping && (await this.options.fire(this.batchSize)) === this.batchSize);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.logger.error(
          `firing due deadlines failed (${failures} in a row): ${(error as Error).message}`,
        );
        this.wakeAt =
          Date.now() + backoffDelayMs({ initialMs: 2 * this.pollMs, maxMs: 5_000, jitter: 'none' }, failures);
      }
      await this.sleep();
    }
  }

  /** Sleeps until `wakeAt`, which `wakeBy` may move earlier meanwhile. */
  private sleep(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = () => {
        clearTimeout(this.timer);
        this.wake = undefined;
        resolve();
      };
      this.arm();
    });
  }

  private wakeBy(at: number): void {
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    if (this.wake) this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    const wake = this.wake;
    this.timer = setTimeout(() => wake?.(), Math.max(0, this.wakeAt - Date.now()));
  }
}
