/**
 * Which failures come from the database being unreachable or busy rather than from the work
 * asked of it. A message whose handler failed with one of these is not at fault: it is retried
 * without using up its delivery budget, and never dead-lettered for it.
 */

/** SQLSTATEs that say the server or the connection is unavailable. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or recovering
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
]);
/** SQLSTATE classes of the same kind: connection exceptions, insufficient resources, system errors. */
const UNAVAILABLE_CLASSES = ['08', '53', '58'];
/** SQLSTATEs a retry resolves: serialization failures, deadlocks, timeouts, lock waits. */
const CONTENTION_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
]);
/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
/** pg and pg-pool report these as plain Errors without a code. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /connection (is )?not (yet )?established/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection/i,
  /query read timeout/i,
  // TypeORM releases a query runner whose connection failed: the transaction's next query reads this
  /query runner already released/i,
];

/** The database cannot be reached or is shutting down: work should pause until it answers again. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((failure) => {
    const code = codeOf(failure);
    if (code !== undefined) {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return true;
    }
    const message = messageOf(failure);
    return message !== undefined && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
  });
}

/** The database is up but the work collided with other work or ran out of time: a retry resolves it. */
export function isDatabaseContention(error: unknown): boolean {
  return causes(error).some((failure) => {
    const code = codeOf(failure);
    return code !== undefined && CONTENTION_STATES.has(code);
  });
}

/** Either of the two: a failure of the infrastructure, not of the message being handled. */
export function isDatabaseInfrastructureFailure(error: unknown): boolean {
  return isDatabaseUnavailable(error) || isDatabaseContention(error);
}

/** The error, its `cause` chain and TypeORM's `driverError`, bounded against cycles. */
function causes(error: unknown): object[] {
  const found: object[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && found.length < 8 && !found.includes(current)) {
    found.push(current);
    const { driverError } = current as { driverError?: unknown };
    if (typeof driverError === 'object' && driverError !== null && !found.includes(driverError))
      found.push(driverError);
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

function codeOf(failure: object): string | undefined {
  const code = (failure as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(failure: object): string | undefined {
  const message = (failure as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}
