import { JsonKvBucket, type NatsConnection } from '@app/messaging';
import { ACCEPTED_ORDERS_TTL_MS } from '../orders/jetstream-accepted-orders';
import type { AcceptedReturn, AcceptedReturns } from './accepted-returns';

export const ACCEPTED_RETURNS_BUCKET = 'accepted-returns';
/** As long as accepted orders, for the same reason: starts wait in SAGA_STARTS through an orchestrator outage. */
export const ACCEPTED_RETURNS_TTL_MS = ACCEPTED_ORDERS_TTL_MS;

/**
 * Accepted returns in a JetStream KeyValue bucket keyed by `<orderId>.<returnId>` (UUIDs are
 * valid KV tokens), so a lookup names both ids and finds nothing under the wrong order.
 */
export class JetStreamAcceptedReturns implements AcceptedReturns {
  constructor(private readonly bucket: JsonKvBucket<AcceptedReturn>) {}

  static async open(connection: NatsConnection, replicas: number): Promise<JetStreamAcceptedReturns> {
    const bucket = await JsonKvBucket.open<AcceptedReturn>(connection, {
      name: ACCEPTED_RETURNS_BUCKET,
      description: 'Returns accepted by the gateway (order id.return id -> saga id, items, reason)',
      ttlMs: ACCEPTED_RETURNS_TTL_MS,
      replicas,
    });
    return new JetStreamAcceptedReturns(bucket);
  }

  async remember(accepted: AcceptedReturn): Promise<void> {
    await this.bucket.put(acceptedReturnKey(accepted.orderId, accepted.returnId), accepted);
  }

  find(orderId: string, returnId: string): Promise<AcceptedReturn | null> {
    return this.bucket.get(acceptedReturnKey(orderId, returnId));
  }
}

function acceptedReturnKey(orderId: string, returnId: string): string {
  return `${orderId}.${returnId}`;
}
