import { randomUUID } from 'node:crypto';
import type { OrderView } from '../../apps/gateway/src/orders/order-view';
import { mapConcurrently } from '@test/support';
import type { OrderBody } from './order-body';
import type { RunningPlatform } from './platform';

export type { OrderView };

/** Reads at once when reading many orders: enough to keep up, few enough not to swamp a small machine. */
const READS_IN_FLIGHT = 16;

/** Sends of a request that is safe to repeat, when the connection fails before any answer. */
const SENDS_ON_CONNECTION_FAILURE = 3;

export interface PlacedOrder {
  orderId: string;
  sagaId: string;
}

export interface OrderRead {
  httpStatus: number;
  /** The composed view when the answer is 200; the error body otherwise. */
  body: unknown;
  view: OrderView | undefined;
  /** Parts the gateway left `null` because their service did not answer (`X-Partial`), if any. */
  partial: string[];
}

export interface StockLevel {
  sku: string;
  available: number;
  reserved: number;
}

/**
 * `POST /orders` as a client sends it: an object is sent as JSON, a string as it is (for
 * malformed bodies). Sent once, whatever happens: without an Idempotency-Key a second send could
 * place a second order.
 */
export function postOrder(
  platform: RunningPlatform,
  body: OrderBody | object | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(platform.url('gateway', '/orders'), postOrderInit(body, headers));
}

function postOrderInit(body: OrderBody | object | string, headers: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/**
 * `fetch` for a request that is safe to repeat (a read, a PUT, a POST with an Idempotency-Key),
 * sent again when the connection fails before any answer, as a careful client does: a keep-alive
 * connection the server closes just as a request goes out on it fails that request. An answer,
 * whatever its status, is returned as it is; a server that stays unreachable still fails.
 */
export async function fetchRepeatable(url: string, init?: RequestInit): Promise<Response> {
  for (let send = 1; ; send++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (send >= SENDS_ON_CONNECTION_FAILURE) throw error;
    }
  }
}

/**
 * Places an order and expects it accepted: `202` with both ids and `Location`. Always with an
 * Idempotency-Key (a fresh one unless given), so a send the connection lost can be repeated.
 */
export async function placeOrder(
  platform: RunningPlatform,
  body: OrderBody,
  options: { idempotencyKey?: string } = {},
): Promise<PlacedOrder> {
  const headers = { 'idempotency-key': options.idempotencyKey ?? randomUUID() };
  const response = await fetchRepeatable(platform.url('gateway', '/orders'), postOrderInit(body, headers));
  const accepted = (await response.json()) as PlacedOrder & { status: string };
  if (response.status !== 202 || accepted.status !== 'PENDING') {
    throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(accepted)}`);
  }
  if (response.headers.get('location') !== `/orders/${accepted.orderId}`) {
    throw new Error(`POST /orders answered Location ${response.headers.get('location')}`);
  }
  return { orderId: accepted.orderId, sagaId: accepted.sagaId };
}

/** Places every order at once; answers their order ids in the same order. */
export async function placeOrders(platform: RunningPlatform, bodies: OrderBody[]): Promise<string[]> {
  const placed = await Promise.all(bodies.map((body) => placeOrder(platform, body)));
  return placed.map((order) => order.orderId);
}

/** `GET /orders/{orderId}`, whatever it answers. */
export async function readOrder(platform: RunningPlatform, orderId: string): Promise<OrderRead> {
  const response = await fetchRepeatable(platform.url('gateway', `/orders/${orderId}`));
  const body: unknown = await response.json();
  const partial = response.headers.get('x-partial');
  return {
    httpStatus: response.status,
    body,
    view: response.status === 200 ? (body as OrderView) : undefined,
    partial: partial ? partial.split(',') : [],
  };
}

/** Every order's view, a few reads at a time; in the order of `orderIds`. */
export function readOrders(platform: RunningPlatform, orderIds: readonly string[]): Promise<OrderRead[]> {
  return mapConcurrently(orderIds, READS_IN_FLIGHT, (orderId) => readOrder(platform, orderId));
}

export async function stockOf(platform: RunningPlatform, sku: string): Promise<StockLevel> {
  const response = await fetchRepeatable(platform.url('gateway', `/inventory/${sku}`));
  if (response.status !== 200) throw new Error(`GET /inventory/${sku} answered ${response.status}`);
  return (await response.json()) as StockLevel;
}

/** `PUT /inventory/{sku}` with the admin token: sets the free stock (creates the sku if new). */
export async function setStock(
  platform: RunningPlatform,
  sku: string,
  available: number,
): Promise<StockLevel> {
  const response = await fetchRepeatable(platform.url('gateway', `/inventory/${sku}`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.adminToken}` },
    body: JSON.stringify({ available }),
  });
  if (response.status !== 200) throw new Error(`PUT /inventory/${sku} answered ${response.status}`);
  return (await response.json()) as StockLevel;
}
