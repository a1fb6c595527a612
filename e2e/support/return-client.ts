import { randomUUID } from 'node:crypto';
import type { ReturnView } from '../../apps/gateway/src/returns/return-view';
import { mapConcurrently, pollUntil } from '@test/support';
import { fetchRepeatable } from './gateway-client';
import { TERMINAL_SAGA_STATUSES } from './order-progress';
import type { RunningPlatform } from './platform';

export type { ReturnView };

/**
 * How long a return may take to end when nothing breaks: a return takes about a second, and the
 * wait ends well within a test's 60 s, so a stuck return fails with what it last showed.
 */
const SETTLE_WAIT_MS = 30_000;

/** Reads at once when reading many returns, as for orders. */
const READS_IN_FLIGHT = 16;

/** A `POST /orders/{orderId}/returns` body as plain JSON (DESIGN "Order returns"). */
export interface ReturnBody {
  items: Array<{ sku: string; quantity: number }>;
  reason: string;
}

export interface RequestedReturn {
  returnId: string;
  sagaId: string;
}

export interface ReturnRead {
  httpStatus: number;
  /** The view when the answer is 200; the error body otherwise. */
  body: unknown;
  view: ReturnView | undefined;
  partial: string[];
}

export function returnBody(items: ReturnBody['items'], reason = 'damaged'): ReturnBody {
  return { items, reason };
}

/** `POST /orders/{orderId}/returns` sent once, as it is: an object as JSON, a string verbatim. */
export function postReturn(
  platform: RunningPlatform,
  orderId: string,
  body: ReturnBody | object | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(platform.url('gateway', `/orders/${orderId}/returns`), postReturnInit(body, headers));
}

function postReturnInit(body: ReturnBody | object | string, headers: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/**
 * Requests a return and expects it accepted: `202` PENDING with both ids and `Location`. Always
 * with an Idempotency-Key (a fresh one unless given), so a send the connection lost is repeatable.
 */
export async function requestReturn(
  platform: RunningPlatform,
  orderId: string,
  body: ReturnBody,
  options: { idempotencyKey?: string } = {},
): Promise<RequestedReturn> {
  const headers = { 'idempotency-key': options.idempotencyKey ?? randomUUID() };
  const response = await fetchRepeatable(
    platform.url('gateway', `/orders/${orderId}/returns`),
    postReturnInit(body, headers),
  );
  const accepted = (await response.json()) as RequestedReturn & { status: string };
  if (response.status !== 202 || accepted.status !== 'PENDING') {
    throw new Error(
      `POST /orders/${orderId}/returns answered ${response.status}: ${JSON.stringify(accepted)}`,
    );
  }
  const location = `/orders/${orderId}/returns/${accepted.returnId}`;
  if (response.headers.get('location') !== location) {
    throw new Error(`POST /orders/${orderId}/returns answered Location ${response.headers.get('location')}`);
  }
  return { returnId: accepted.returnId, sagaId: accepted.sagaId };
}

/** `GET /orders/{orderId}/returns/{returnId}`, whatever it answers. */
export async function readReturn(
  platform: RunningPlatform,
  orderId: string,
  returnId: string,
): Promise<ReturnRead> {
  const response = await fetchRepeatable(platform.url('gateway', `/orders/${orderId}/returns/${returnId}`));
  const body: unknown = await response.json();
  const partial = response.headers.get('x-partial');
  return {
    httpStatus: response.status,
    body,
    view: response.status === 200 ? (body as ReturnView) : undefined,
    partial: partial ? partial.split(',') : [],
  };
}

/** A complete view of a return whose saga has ended. */
function returnSettled(read: ReturnRead): boolean {
  return (
    read.view !== undefined &&
    read.partial.length === 0 &&
    TERMINAL_SAGA_STATUSES.includes(read.view.saga?.status ?? '')
  );
}

/**
 * Waits until the saga of every return has ended, then reads each once more and returns those
 * views, in the order of `refs`: the gateway asks the order service and the orchestrator side by
 * side, so the read that first shows a saga ended may hold the return as the order service had it
 * just before the saga's last step committed. On timeout the error shows a few still waiting.
 */
export async function waitForReturnsSettled(
  platform: RunningPlatform,
  refs: readonly ReturnRef[],
  { timeoutMs = SETTLE_WAIT_MS }: { timeoutMs?: number } = {},
): Promise<ReturnView[]> {
  const settled = new Set<string>();
  const lastSeen = new Map<string, ReturnRead>();
  await pollUntil(
    async () => {
      const waiting = refs.filter((ref) => !settled.has(ref.returnId));
      (await readReturns(platform, waiting)).forEach((read, index) => {
        lastSeen.set(waiting[index].returnId, read);
        if (returnSettled(read)) settled.add(waiting[index].returnId);
      });
      return settled.size === refs.length;
    },
    { timeoutMs, intervalMs: 200 },
    `the sagas of ${refs.length} return(s) to end`,
  ).catch((error: Error) => {
    const stuck = refs
      .filter((ref) => !settled.has(ref.returnId))
      .slice(0, 5)
      .map(({ returnId }) => `${returnId}: ${JSON.stringify(lastSeen.get(returnId)?.body)}`);
    throw new Error(`${error.message}; still waiting, e.g.\n${stuck.join('\n')}`);
  });
  const reads = await readReturns(platform, refs);
  const unsettled = reads.filter((read) => !returnSettled(read));
  if (unsettled.length > 0)
    throw new Error(`an ended return read back unended: ${JSON.stringify(unsettled[0])}`);
  return reads.map((read) => read.view!);
}

export async function waitForReturnSettled(
  platform: RunningPlatform,
  orderId: string,
  returnId: string,
): Promise<ReturnView> {
  const [view] = await waitForReturnsSettled(platform, [{ orderId, returnId }]);
  return view;
}

/** A return as a scenario follows it: which order, which return. */
export interface ReturnRef {
  orderId: string;
  returnId: string;
}

/** Every return's read, a few at a time, in the order given. */
export function readReturns(platform: RunningPlatform, refs: readonly ReturnRef[]): Promise<ReturnRead[]> {
  return mapConcurrently(refs, READS_IN_FLIGHT, ({ orderId, returnId }) =>
    readReturn(platform, orderId, returnId),
  );
}

/**
 * Waits until one of the first few returns is refunded or rejected: returns made at once are then
 * spread over their steps, the moment to break something mid-run. A small sample keeps each look
 * short, so what the caller does next follows it closely.
 */
export async function waitForFirstReturnOutcome(
  platform: RunningPlatform,
  refs: readonly ReturnRef[],
): Promise<void> {
  await pollUntil(
    async () =>
      (await readReturns(platform, refs.slice(0, 10))).some(
        (read) => read.view && read.view.status !== 'PENDING',
      ),
    { timeoutMs: 30_000, intervalMs: 20 },
    'a first return to be refunded or rejected',
  );
}
