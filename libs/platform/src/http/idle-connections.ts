import type { Server } from 'node:http';

/**
 * How long an app keeps an idle keep-alive connection open. Node's default (5 s) is barely above
 * what clients keep theirs (undici: 4 s, on a timer of 1 s resolution) and below what load
 * balancers do (60 s), so a client could send a request on a connection the app was closing at
 * that moment and see "other side closed". Keeping connections longer than the peers do leaves
 * closing idle connections to them.
 */
export const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

export function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  // A request's headers may take as long as the connection may sit idle before them.
  server.headersTimeout = IDLE_CONNECTION_TIMEOUT_MS + 1_000;
}
