import type { QueryContract } from '@app/contracts';
import { requestQuery } from '@app/messaging';
import type { NatsConnection } from '@app/platform';
import type { BrokerLink } from '../orders/broker-link';
import type { QueryClient } from './query-client';

/** Long enough for a healthy service under load, short enough that a page does not hang on a sick one. */
export const QUERY_TIMEOUT_MS = 2_000;

/**
 * Queries over NATS request-reply, answered by the owning service's `QueryResponder`.
 *
 * While the broker is unreachable a query fails at once: the client would otherwise hold it in
 * its reconnect buffer for the whole timeout, and a buffered `SetStock` could still be applied
 * after the reconnect although its caller was told it failed.
 */
export class NatsQueryClient implements QueryClient {
  constructor(
    private readonly connection: NatsConnection,
    private readonly broker: BrokerLink,
    private readonly timeoutMs = QUERY_TIMEOUT_MS,
  ) {}

  async ask<P extends object, R extends object>(
    contract: QueryContract<P, R>,
    payload: P,
  ): Promise<R | null> {
    if (!this.broker.isConnected()) throw new BrokerUnreachableError(contract.type);
    return requestQuery<R>(this.connection, contract, payload, this.timeoutMs);
  }
}

export class BrokerUnreachableError extends Error {
  constructor(queryType: string) {
    super(`query ${queryType} not sent: the message broker is unreachable`);
    this.name = 'BrokerUnreachableError';
  }
}
