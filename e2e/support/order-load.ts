import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { postOrder } from './gateway-client';
import type { OrderBody } from './order-body';
import type { RunningPlatform } from './platform';

/** One `POST /orders` of a load run and what the gateway answered. */
export interface LoadedPost {
  idempotencyKey: string;
  body: OrderBody;
  status: number;
  retryAfter: string | null;
  /** Set when the order was accepted (202). */
  orderId?: string;
  /** The connection failed before any answer. */
  error?: string;
}

export interface OrderLoad {
  /** Every POST answered so far. */
  readonly posts: readonly LoadedPost[];
  /** Stops sending and resolves once every POST sent has its answer. */
  stop(): Promise<LoadedPost[]>;
}

/**
 * Sends one order every `intervalMs` (each with a fresh Idempotency-Key, not awaiting the one
 * before) until stopped: traffic that keeps arriving while something breaks, as real clients'
 * would. `bodyFor(n)` gives the n-th body.
 */
export function startOrderLoad(
  platform: RunningPlatform,
  bodyFor: (index: number) => OrderBody,
  intervalMs = 100,
): OrderLoad {
  const posts: LoadedPost[] = [];
  const inFlight = new Set<Promise<void>>();
  const stopped = new AbortController();

  const send = async (body: OrderBody): Promise<void> => {
    const idempotencyKey = randomUUID();
    try {
      const response = await postOrder(platform, body, { 'idempotency-key': idempotencyKey });
      const answer = (await response.json()) as { orderId?: string };
      posts.push({
        idempotencyKey,
        body,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        orderId: response.status === 202 ? answer.orderId : undefined,
      });
    } catch (error) {
      posts.push({ idempotencyKey, body, status: 0, retryAfter: null, error: (error as Error).message });
    }
  };

  const run = async (): Promise<void> => {
    for (let index = 0; !stopped.signal.aborted; index++) {
      const sent = send(bodyFor(index)).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      await delay(intervalMs, undefined, { signal: stopped.signal }).catch(() => undefined);
    }
  };
  const running = run();

  return {
    posts,
    stop: async () => {
      stopped.abort();
      await running;
      await Promise.all(inFlight);
      return posts;
    },
  };
}
