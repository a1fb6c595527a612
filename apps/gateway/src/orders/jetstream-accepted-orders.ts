import { JsonKvBucket, type NatsConnection } from '@app/messaging';
import type { AcceptedOrder, AcceptedOrders } from './accepted-orders';

export const ACCEPTED_ORDERS_BUCKET = 'accepted-orders';
/**
 * Long enough to cover an orchestrator outage: starts wait in SAGA_STARTS (until handled) and the
 * order row appears once the saga runs, after which the order service answers for the order.
 */
export const ACCEPTED_ORDERS_TTL_MS = 7 * 24 * 60 * 60 * 1_000;

/** Accepted orders in a JetStream KeyValue bucket keyed by order id (a UUID is a valid KV key). */
export class JetStreamAcceptedOrders implements AcceptedOrders {
  constructor(private readonly bucket: JsonKvBucket<AcceptedOrder>) {}

  static async open(connection: NatsConnection, replicas: number): Promise<JetStreamAcceptedOrders> {
    const bucket = await JsonKvBucket.open<AcceptedOrder>(connection, {
      name: ACCEPTED_ORDERS_BUCKET,
      description: 'Orders accepted by the gateway (order id -> saga id and summary)',
      ttlMs: ACCEPTED_ORDERS_TTL_MS,
      replicas,
    });
    return new JetStreamAcceptedOrders(bucket);
  }

  async remember(order: AcceptedOrder): Promise<void> {
    await this.bucket.put(order.orderId, order);
  }

  find(orderId: string): Promise<AcceptedOrder | null> {
    return this.bucket.get(orderId);
  }
}
