import { connect, type NatsConnection, type Subscription } from 'nats';
import type { NatsConfig } from '@app/config';
import {
  GetSagaByOrderQuery,
  type GetSagaByOrderResult,
  OrderApprovedEvent,
  OrderCancelledEvent,
} from '@app/contracts';
import { closeNats, natsConnectionOptions, requestQuery } from '@app/messaging';
import { type TerminalSagaStatus, isTerminalSagaStatus } from './terminal-saga-status';

export interface FinishedSaga {
  sagaId: string;
  status: TerminalSagaStatus;
  /** `performance.now()` when the orchestrator answered with the terminal status. */
  seenAt: number;
}

/** Asks the orchestrator for the saga of an order (null: none, undefined: no answer). */
export type SagaLookup = (orderId: string) => Promise<GetSagaByOrderResult | null | undefined>;

export interface SagaFinishWatchOptions {
  /** How often a saga that no event woke is looked at anyway (a FAILED saga, a missed event). Default 1000. */
  safetyPollMs?: number;
  /** After a wake-up, the first pause before looking again while the saga is still finishing (doubling). Default 1. */
  recheckMs?: number;
  /** Default: `GetSagaByOrderQuery` over the watch's NATS connection. */
  lookup?: SagaLookup;
}

/** Orders whose events arrived while nobody waited for them; bounded, oldest forgotten first. */
const EARLY_EVENTS_KEPT = 10_000;

/**
 * Waits for the saga of an order to reach a terminal status, without polling every saga all
 * the time: the order service's last word on an order (approved or cancelled, an event on NATS)
 * wakes the order's waiter, which then asks the orchestrator (`GetSagaByOrderQuery`, one small
 * request) until the saga's own terminal status shows, a moment later. A saga that no event
 * wakes is still asked about every `safetyPollMs`.
 */
export class SagaFinishWatch {
  private readonly waiters = new Map<string, () => void>();
  private readonly earlyEvents = new Set<string>();
  private readonly safetyPollMs: number;
  private readonly recheckMs: number;
  private readonly lookup: SagaLookup;

  private constructor(
    private readonly connection: NatsConnection,
    subscriptions: Subscription[],
    options: SagaFinishWatchOptions,
  ) {
    this.safetyPollMs = options.safetyPollMs ?? 1_000;
    this.recheckMs = options.recheckMs ?? 1;
    this.lookup =
      options.lookup ??
      ((orderId) => requestQuery(connection, GetSagaByOrderQuery, { orderId }).catch(() => undefined));
    for (const subscription of subscriptions) void this.dispatch(subscription);
  }

  static async open(nats: NatsConfig, options: SagaFinishWatchOptions = {}): Promise<SagaFinishWatch> {
    const connection = await connect({
      ...natsConnectionOptions(nats, 'saga-finish-watch'),
      waitOnFirstConnect: false,
    });
    const subscriptions = [OrderApprovedEvent, OrderCancelledEvent].map((event) =>
      connection.subscribe(event.subject),
    );
    await connection.flush(); // subscribed before the caller places its first order
    return new SagaFinishWatch(connection, subscriptions, options);
  }

  /** The saga's terminal status, or undefined if it has none by `deadline` (epoch ms). */
  async finished(orderId: string, deadline: number): Promise<FinishedSaga | undefined> {
    try {
      return await this.untilFinished(orderId, deadline);
    } finally {
      this.earlyEvents.delete(orderId);
    }
  }

  private async untilFinished(orderId: string, deadline: number): Promise<FinishedSaga | undefined> {
    let woken = false;
    let recheckMs = this.recheckMs;
    while (Date.now() < deadline) {
      woken ||= this.earlyEvents.delete(orderId);
      if (!woken) woken = await this.wokenWithin(orderId, Math.min(this.safetyPollMs, deadline - Date.now()));
      const saga = await this.lookup(orderId);
      const seenAt = performance.now();
      if (saga && isTerminalSagaStatus(saga.status))
        return { sagaId: saga.sagaId, status: saga.status, seenAt };
      if (woken) {
        await new Promise((resolve) => setTimeout(resolve, recheckMs));
        recheckMs = Math.min(recheckMs * 2, this.safetyPollMs);
      }
    }
    return undefined;
  }

  async close(): Promise<void> {
    await closeNats(this.connection);
  }

  private wokenWithin(orderId: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiters.delete(orderId);
          resolve(false);
        },
        Math.max(0, ms),
      );
      this.waiters.set(orderId, () => {
        clearTimeout(timer);
        this.waiters.delete(orderId);
        resolve(true);
      });
    });
  }

  private async dispatch(subscription: Subscription): Promise<void> {
    for await (const message of subscription) {
      const orderId = orderIdOf(message.data);
      if (orderId === undefined) continue;
      const wake = this.waiters.get(orderId);
      if (wake) wake();
      else this.rememberEarly(orderId);
    }
  }

  private rememberEarly(orderId: string): void {
    this.earlyEvents.add(orderId);
    if (this.earlyEvents.size > EARLY_EVENTS_KEPT) {
      this.earlyEvents.delete(this.earlyEvents.values().next().value as string);
    }
  }
}

function orderIdOf(data: Uint8Array): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(data).toString('utf8')) as { orderId?: unknown };
    return typeof payload.orderId === 'string' ? payload.orderId : undefined;
  } catch {
    return undefined;
  }
}
