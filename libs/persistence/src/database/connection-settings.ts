import { Client, type ClientConfig, type PoolConfig } from 'pg';
import { defineCounter, getMetrics } from '@app/observability';

/** What `npm run bench` divides by the sagas it ran: no pg_stat_statements needed on the server. */
export const DatabaseStatementsMetric = defineCounter(
  'db_client_statements_total',
  "SQL statements PostgreSQL completed on this process's pooled connections (BEGIN and COMMIT included; each statement of a multi-statement query counts)",
);

/**
 * A pg client that can never crash the process. pg emits 'error' on a client whose server went
 * away (PostgreSQL stopped, a connection terminated by an administrator); an 'error' event with
 * no listener is thrown by Node as an uncaught exception. The pool listens only while a client is
 * idle and TypeORM only while a query runner holds it, so a client between the two, or checked
 * out by plain `pool.connect()`, had none. The failure itself still surfaces where it matters:
 * the query in flight is rejected and the pool discards the client.
 *
 * It also counts the statements the server completed for it: one CommandComplete each.
 */
export class ListenedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
    const statements = getMetrics().counter(DatabaseStatementsMetric);
    this.connection.on('commandComplete', () => statements.inc());
  }
}

/**
 * What every connection to the service databases uses unless `DATABASE_URL` says otherwise
 * (`?statement_timeout=60000&connect_timeout=5`: values in the URL win).
 * - a connection attempt (or a wait for a free pooled connection) fails after 10 s instead of
 *   hanging on a server that does not answer;
 * - a statement is cancelled by the server after 30 s, so a stuck query cannot hold a consumer's
 *   slot (and its message) for ever;
 * - a transaction left idle for 60 s is ended, so a hung process cannot hold row locks;
 * - TCP keepalive notices a silently vanished server;
 * - no JIT compilation: every statement here reads or writes a few rows by key, and with
 *   statistics taken at a busier moment PostgreSQL estimated the saga load above
 *   `jit_above_cost` and compiled it at every execution (tens of ms of server CPU for a
 *   statement that runs in one). A caller that sets `options` keeps `-c jit=off` in it.
 */
export const DATABASE_CONNECTION_DEFAULTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  idle_in_transaction_session_timeout: 60_000,
  keepAlive: true,
  options: '-c jit=off',
} as const satisfies PoolConfig;

/** Options for a `pg.Pool`: the defaults above, the caller's settings, and clients that cannot crash the process. */
export function poolSettings(settings: PoolConfig): PoolConfig {
  return { ...DATABASE_CONNECTION_DEFAULTS, ...settings, Client: ListenedClient };
}

/** Options for a dedicated `pg.Client` (LISTEN, maintenance): the same defaults. */
export function clientSettings(settings: ClientConfig): ClientConfig {
  return { ...DATABASE_CONNECTION_DEFAULTS, ...settings };
}
