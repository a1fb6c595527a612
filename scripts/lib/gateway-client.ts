import { setTimeout as delay } from 'node:timers/promises';
import { type Backoff, backoffDelayMs } from '@app/backoff';
import type { OrderRequest } from '@app/contracts';
import type { OrderView } from '../../apps/gateway/src/orders/order-view';

export interface PlacedOrder {
  orderId: string;
  sagaId: string;
}

export interface FetchedOrder {
  view: OrderView;
  /** Some participant did not answer in time: its part of the view is null, not absent. */
  partial: boolean;
}

/** What the gateway answers with when it is briefly unable to serve: worth asking again. */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** 200 ms after the first refusal, doubling up to 2 s. */
const PLACE_ORDER_RETRY: Backoff = { initialMs: 200, maxMs: 2_000, jitter: 'none' };

/** The client side of the gateway's order API, as scripts drive it. */
export class GatewayClient {
  constructor(private readonly baseUrl: string) {}

  /**
   * `POST /orders`, repeated with the same Idempotency-Key while the gateway is unreachable or
   * asks to retry (so a repeat can never start a second saga), until `deadline` (epoch ms).
   */
  async placeOrder(body: OrderRequest, idempotencyKey: string, deadline: number): Promise<PlacedOrder> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${this.baseUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      }).catch((error: unknown) => error as Error);
      if (!(response instanceof Error) && response.status === 202)
        return (await response.json()) as PlacedOrder;
      const problem =
        response instanceof Error ? response.message : `${response.status} ${await response.text()}`;
      if (!(response instanceof Error) && !RETRYABLE.has(response.status)) {
        throw new Error(`POST /orders was refused: ${problem}`);
      }
      const pause = backoffDelayMs(PLACE_ORDER_RETRY, attempt);
      if (Date.now() + pause >= deadline) throw new Error(`POST /orders did not succeed in time: ${problem}`);
      await delay(pause);
    }
  }

  /** `GET /orders/{orderId}`; undefined while the gateway cannot answer (network error, 5xx, 429). */
  async getOrder(orderId: string): Promise<FetchedOrder | undefined> {
    const response = await fetch(`${this.baseUrl}/orders/${orderId}`, {
      signal: AbortSignal.timeout(10_000),
    }).catch(() => undefined);
    if (response === undefined || RETRYABLE.has(response.status) || response.status >= 500) {
      await response?.body?.cancel();
      return undefined;
    }
    if (response.status !== 200) {
      throw new Error(`GET /orders/${orderId} answered ${response.status} ${await response.text()}`);
    }
    return { view: (await response.json()) as OrderView, partial: response.headers.has('x-partial') };
  }

  /** The order's view once every service answered for its part; undefined if none by `deadline` (epoch ms). */
  async completeView(orderId: string, deadline: number): Promise<OrderView | undefined> {
    while (Date.now() < deadline) {
      const fetched = await this.getOrder(orderId);
      if (fetched && !fetched.partial) return fetched.view;
      await delay(50);
    }
    return undefined;
  }
}
