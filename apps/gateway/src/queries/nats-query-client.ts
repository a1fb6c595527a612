import type { QueryContract } from '@app/contracts';
import { requestQuery } from '@app/messaging';
import type { NatsConnection } from '@app/platform';
import type { QueryClient } from './query-client';

/** Long enough for a healthy service under load, short enough that a page does not hang on a sick one. */
export const QUERY_TIMEOUT_MS = 2_000;

/** Queries over NATS request-reply, answered by the owning service's `QueryResponder`. */
export class NatsQueryClient implements QueryClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly timeoutMs = QUERY_TIMEOUT_MS,
  ) {}

  ask<P extends object, R extends object>(contract: QueryContract<P, R>, payload: P): Promise<R | null> {
    return requestQuery<R>(this.connection, contract, payload, this.timeoutMs);
  }
}
