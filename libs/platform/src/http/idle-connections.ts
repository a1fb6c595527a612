import type { Server } from 'node:http';

/**
 * How long an app keeps an idle keep-alive connection open. Node's default (5 s) is barely above
 * how long clients such as undici (Node's `fetch`, 4 s) keep theirs and below load balancers'
 * (60 s), so a request could go out on a connection the app was closing at that moment and fail
 * with "other side closed". Longer than the peers leaves closing idle connections to them: a
 * client that follows the `Keep-Alive: timeout=65` hint closes its side a little before.
 */
export const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  // A request's headers may take as long as the connection may sit idle before them.
  server.headersTimeout = IDLE_CONNECTION_TIMEOUT_MS + 1_000;
}
