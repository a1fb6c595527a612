import { pollUntil } from '@test/support';
import { OrderRead, OrderView, readOrders } from './gateway-client';
import type { RunningPlatform } from './platform';

export const TERMINAL_SAGA_STATUSES: readonly string[] = ['COMPLETED', 'COMPENSATED', 'FAILED'];

/** A complete view (no part missing) whose saga has ended. */
export function sagaTerminal(read: OrderRead): boolean {
  return (
    read.view !== undefined &&
    read.partial.length === 0 &&
    TERMINAL_SAGA_STATUSES.includes(read.view.saga?.status ?? '')
  );
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Reads every order's view through the gateway, round after round, until `reached` holds for
 * each; returns the views that satisfied it. On timeout the error names the orders still
 * waiting with what they last showed.
 */
export async function waitForOrders(
  platform: RunningPlatform,
  orderIds: readonly string[],
  reached: (read: OrderRead) => boolean,
  what: string,
  { timeoutMs = 60_000, intervalMs = 200 }: WaitOptions = {},
): Promise<Map<string, OrderView>> {
  const done = new Map<string, OrderView>();
  const lastSeen = new Map<string, OrderRead>();
  try {
    return await pollUntil(
      async () => {
        const waiting = orderIds.filter((orderId) => !done.has(orderId));
        (await readOrders(platform, waiting)).forEach((read, index) => {
          lastSeen.set(waiting[index], read);
          if (reached(read) && read.view) done.set(waiting[index], read.view);
        });
        return done.size === orderIds.length && done;
      },
      { timeoutMs, intervalMs },
      `${orderIds.length} orders: ${what}`,
    );
  } catch (error) {
    const stuck = orderIds
      .filter((orderId) => !done.has(orderId))
      .slice(0, 5)
      .map((orderId) => lastSeenOf(orderId, lastSeen.get(orderId)));
    throw new Error(
      `${(error as Error).message}; ${orderIds.length - done.size} not there, e.g.\n${stuck.join('\n')}`,
    );
  }
}

/**
 * Waits until every order's saga has ended, then reads every view once more and returns those. The
 * gateway asks the services side by side, not in one snapshot: the view that first shows a saga
 * ended may hold a part its service read just before the saga's last step committed (an order
 * still PENDING beside a COMPLETED saga). Read after the end, every part shows the end.
 */
export async function waitForSagasTerminal(
  platform: RunningPlatform,
  orderIds: readonly string[],
  options?: WaitOptions,
): Promise<Map<string, OrderView>> {
  await waitForOrders(platform, orderIds, sagaTerminal, 'saga in a terminal status', options);
  return waitForOrders(platform, orderIds, sagaTerminal, 'a complete view of the ended saga', options);
}

export async function waitForSagaTerminal(
  platform: RunningPlatform,
  orderId: string,
  options?: WaitOptions,
): Promise<OrderView> {
  const views = await waitForSagasTerminal(platform, [orderId], options);
  return views.get(orderId)!;
}

function lastSeenOf(orderId: string, read: OrderRead | undefined): string {
  if (!read) return `${orderId}: never read`;
  if (!read.view) return `${orderId}: HTTP ${read.httpStatus} ${JSON.stringify(read.body)}`;
  const { status, saga } = read.view;
  const missing = read.partial.length > 0 ? ` (missing ${read.partial.join(',')})` : '';
  return `${orderId}: order ${status}, saga ${saga ? `${saga.status} at ${saga.currentStep}` : 'none'}${missing}`;
}

/** How many of the first orders a wait for a first sign reads each round. */
const FIRST_SIGN_SAMPLE = 10;

/**
 * Reads the first few orders, round after round, until one of them shows `sign`: the moment to
 * break something mid-run. Looking at a small sample keeps each look short, so what the caller
 * does next follows it closely.
 */
async function waitForFirstSign(
  platform: RunningPlatform,
  orderIds: readonly string[],
  sign: (read: OrderRead) => boolean,
  what: string,
): Promise<void> {
  await pollUntil(
    async () => (await readOrders(platform, orderIds.slice(0, FIRST_SIGN_SAMPLE))).some(sign),
    { timeoutMs: 30_000, intervalMs: 20 },
    what,
  );
}

/** Waits until one of the first few orders is approved or cancelled. */
export function waitForFirstOutcome(platform: RunningPlatform, orderIds: readonly string[]): Promise<void> {
  return waitForFirstSign(
    platform,
    orderIds,
    (read) => read.view !== undefined && read.view.status !== 'PENDING',
    'a first order to be approved or cancelled',
  );
}

/**
 * Waits until the saga of one of the first few orders runs, at one of `steps` when given (its
 * command sent, no answer applied yet): the moment to kill the service those commands go to, or
 * the orchestrator, with most orders still in flight. Sagas placed together advance together
 * when their messages share batches, so by a first outcome every one of them may have ended.
 */
export function waitForFirstSagaRunning(
  platform: RunningPlatform,
  orderIds: readonly string[],
  steps?: readonly string[],
): Promise<void> {
  return waitForFirstSign(
    platform,
    orderIds,
    (read) =>
      read.view?.saga?.status === 'RUNNING' && (!steps || steps.includes(read.view.saga.currentStep ?? '')),
    steps ? `a first saga to run ${steps.join(' or ')}` : 'a first saga to be running',
  );
}

/** A view that shows its saga and the saga has not ended. */
export function sagaInFlight(read: OrderRead): boolean {
  const status = read.view?.saga?.status;
  return status !== undefined && !TERMINAL_SAGA_STATUSES.includes(status);
}
