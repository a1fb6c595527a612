import { setTimeout as delay } from 'node:timers/promises';
import { type Backoff, backoffDelayMs } from '@app/backoff';
import type { ReturnView } from '../../apps/gateway/src/returns/return-view';
import type { ReturnRequestBody } from './demo-return-scenarios';
import { isTerminalSagaStatus } from './terminal-saga-status';

export type { ReturnView };

export interface RequestedReturn {
  returnId: string;
  sagaId: string;
}

/** What the gateway answers with when it is briefly unable to serve: worth asking again. */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** 200 ms after the first refusal, doubling up to 2 s. */
const REQUEST_RETRY: Backoff = { initialMs: 200, maxMs: 2_000, jitter: 'none' };
/** Between two reads of a return whose saga has not ended. */
const SETTLE_POLL_MS = 100;

/** The client side of the gateway's returns API, as scripts drive it. */
export class ReturnGatewayClient {
  constructor(private readonly baseUrl: string) {}

  /**
   * `POST /orders/{orderId}/returns`, repeated with the same Idempotency-Key while the gateway is
   * unreachable or asks to retry (a repeat then names the same return), until `deadline` (epoch ms).
   */
  async requestReturn(
    orderId: string,
    body: ReturnRequestBody,
    idempotencyKey: string,
    deadline: number,
  ): Promise<RequestedReturn> {
    const url = `${this.baseUrl}/orders/${orderId}/returns`;
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      }).catch((error: unknown) => error as Error);
      if (!(response instanceof Error) && response.status === 202) {
        const { returnId, sagaId } = (await response.json()) as RequestedReturn;
        return { returnId, sagaId };
      }
      const problem =
        response instanceof Error ? response.message : `${response.status} ${await response.text()}`;
      if (!(response instanceof Error) && !RETRYABLE.has(response.status)) {
        throw new Error(`POST /orders/${orderId}/returns was refused: ${problem}`);
      }
      const pause = backoffDelayMs(REQUEST_RETRY, attempt);
      if (Date.now() + pause >= deadline) {
        throw new Error(`POST /orders/${orderId}/returns did not succeed in time: ${problem}`);
      }
      await delay(pause);
    }
  }

  /**
   * `GET /orders/{orderId}/returns/{returnId}`; undefined while the gateway cannot answer it
   * whole (network error, 5xx, 429, or a view without its saga).
   */
  async getReturn(orderId: string, returnId: string): Promise<ReturnView | undefined> {
    const path = `/orders/${orderId}/returns/${returnId}`;
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(10_000) }).catch(
      () => undefined,
    );
    if (response === undefined || RETRYABLE.has(response.status) || response.status >= 500) {
      await response?.body?.cancel();
      return undefined;
    }
    if (response.status !== 200)
      throw new Error(`GET ${path} answered ${response.status} ${await response.text()}`);
    const view = (await response.json()) as ReturnView;
    return response.headers.has('x-partial') ? undefined : view;
  }

  /**
   * The return once its saga has ended, read after the end so that the return shows it too;
   * undefined if its saga has not ended by `deadline` (epoch ms).
   */
  async settledReturn(orderId: string, returnId: string, deadline: number): Promise<ReturnView | undefined> {
    let ended = false;
    while (Date.now() < deadline) {
      const view = await this.getReturn(orderId, returnId);
      // The order service and the orchestrator are asked side by side: the read that first shows
      // the saga ended may hold the return as it was just before the last step committed.
      if (view && ended) return view;
      if (view && isTerminalSagaStatus(view.saga?.status)) ended = true;
      else await delay(SETTLE_POLL_MS);
    }
    return undefined;
  }
}
