import { connect, type NatsConnection, type Subscription } from 'nats';
import type { NatsConfig } from '@app/config';
import { GetSagaByOrderQuery, type GetSagaByOrderResult, SagaFinishedEvent } from '@app/contracts';
import { closeNats, natsConnectionOptions, onReconnect, requestQuery } from '@app/messaging';
import { type TerminalSagaStatus, isTerminalSagaStatus } from './terminal-saga-status';

export interface FinishedSaga {
  sagaId: string;
  status: TerminalSagaStatus;
  /** `performance.now()` when the watch learnt that the saga ended. */
  seenAt: number;
}

/** A saga to wait for, as `POST /orders` announced it. */
export interface WatchedSaga {
  orderId: string;
  sagaId: string;
}

/** Asks the orchestrator for the saga of an order (null: none, undefined: no answer). */
export type SagaLookup = (orderId: string) => Promise<GetSagaByOrderResult | null | undefined>;

export interface SagaFinishWatchOptions {
  /**
   * How often a saga whose end was not announced is looked up anyway, in case its event never
   * came. Default 5000: a lookup costs the orchestrator a query, so under load (sagas taking
   * seconds) a short interval would add load the measurement then reports.
   */
  safetyPollMs?: number;
  /** Default: `GetSagaByOrderQuery` over the watch's NATS connection. */
  lookup?: SagaLookup;
}

/** Ends announced while nobody waited for them; bounded, oldest forgotten first. */
const EARLY_ENDS_KEPT = 10_000;

/**
 * Waits for sagas to end by listening to the orchestrator's `SagaFinishedEvent`, which it
 * publishes with the transition that ends a saga: no polling while sagas run. Events sent while
 * the watch's connection was down are lost to it, so when the connection comes back every saga
 * still waited for is looked up at once; any saga is also looked up every `safetyPollMs`.
 */
export class SagaFinishWatch {
  /** Per waiting saga: wakes its wait with the announced end, or with nothing to look it up now. */
  private readonly waiters = new Map<string, (saga?: FinishedSaga) => void>();
  private readonly earlyEnds = new Map<string, FinishedSaga>();
  private readonly safetyPollMs: number;
  private readonly lookup: SagaLookup;

  private constructor(
    private readonly connection: NatsConnection,
    subscription: Subscription,
    options: SagaFinishWatchOptions,
  ) {
    this.safetyPollMs = options.safetyPollMs ?? 5_000;
    this.lookup =
      options.lookup ??
      ((orderId) => requestQuery(connection, GetSagaByOrderQuery, { orderId }).catch(() => undefined));
    void this.dispatch(subscription);
    void onReconnect(connection, () => this.wakeAllToLookUp());
  }

  static async open(nats: NatsConfig, options: SagaFinishWatchOptions = {}): Promise<SagaFinishWatch> {
    const connection = await connect({
      ...natsConnectionOptions(nats, 'saga-finish-watch'),
      waitOnFirstConnect: false,
    });
    const subscription = connection.subscribe(SagaFinishedEvent.subject);
    await connection.flush(); // subscribed before the caller places its first order
    return new SagaFinishWatch(connection, subscription, options);
  }

  /** How the saga ended, or undefined if it has not by `deadline` (epoch ms). */
  async finished(saga: WatchedSaga, deadline: number): Promise<FinishedSaga | undefined> {
    try {
      const early = this.earlyEnds.get(saga.sagaId);
      if (early) return early;
      while (Date.now() < deadline) {
        const announced = await this.announcedWithin(
          saga.sagaId,
          Math.min(this.safetyPollMs, deadline - Date.now()),
        );
        if (announced) return announced;
        const found = await this.lookup(saga.orderId);
        if (found?.sagaId === saga.sagaId && isTerminalSagaStatus(found.status)) {
          return { sagaId: found.sagaId, status: found.status, seenAt: performance.now() };
        }
      }
      return undefined;
    } finally {
      this.earlyEnds.delete(saga.sagaId);
    }
  }

  async close(): Promise<void> {
    await closeNats(this.connection);
  }

  private announcedWithin(sagaId: string, ms: number): Promise<FinishedSaga | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiters.delete(sagaId);
          resolve(undefined);
        },
        Math.max(0, ms),
      );
      this.waiters.set(sagaId, (saga) => {
        clearTimeout(timer);
        this.waiters.delete(sagaId);
        resolve(saga);
      });
    });
  }

  private async dispatch(subscription: Subscription): Promise<void> {
    for await (const message of subscription) {
      const saga = finishedSagaOf(message.data);
      if (saga === undefined) continue;
      const wake = this.waiters.get(saga.sagaId);
      if (wake) wake(saga);
      else this.rememberEarly(saga);
    }
  }

  private wakeAllToLookUp(): void {
    for (const wake of [...this.waiters.values()]) wake();
  }

  private rememberEarly(saga: FinishedSaga): void {
    this.earlyEnds.set(saga.sagaId, saga);
    if (this.earlyEnds.size > EARLY_ENDS_KEPT) {
      this.earlyEnds.delete(this.earlyEnds.keys().next().value as string);
    }
  }
}

function finishedSagaOf(data: Uint8Array): FinishedSaga | undefined {
  const seenAt = performance.now();
  try {
    const payload = JSON.parse(Buffer.from(data).toString('utf8')) as { sagaId?: unknown; status?: unknown };
    if (typeof payload.sagaId !== 'string' || typeof payload.status !== 'string') return undefined;
    return isTerminalSagaStatus(payload.status)
      ? { sagaId: payload.sagaId, status: payload.status, seenAt }
      : undefined;
  } catch {
    return undefined;
  }
}
