import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  OrderRequest,
  OrderStatus,
  StartOrderFulfillment,
  StartOrderFulfillmentPayload,
} from '@app/contracts';
import { JetStreamPublisher } from '@app/messaging';
import { orUnavailable } from '../http/unavailable';
import { IDEMPOTENCY_STORE, IdempotencyStore } from '../idempotency/idempotency-store';
import { ACCEPTED_ORDERS, AcceptedOrders } from './accepted-orders';
import { BROKER_LINK, BrokerLink } from './broker-link';
import { OrderAccepted } from './order-accepted';
import { fingerprint } from './request-fingerprint';

interface SagaIds {
  orderId: string;
  sagaId: string;
}

const UNAVAILABLE =
  'Orders cannot be accepted right now (message broker unreachable); retry with the same Idempotency-Key';

/**
 * Accepts an order by starting its saga: the start message goes to the SAGA_STARTS stream and
 * waits there while the orchestrator is down. With an `Idempotency-Key` the first request wins
 * the key; a repeat with the same body gets the same ids, a different body is a conflict.
 */
@Injectable()
export class OrderIntake {
  private readonly logger = new Logger(OrderIntake.name);

  constructor(
    private readonly publisher: JetStreamPublisher,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(ACCEPTED_ORDERS) private readonly acceptedOrders: AcceptedOrders,
    @Inject(BROKER_LINK) private readonly broker: BrokerLink,
  ) {}

  async accept(order: OrderRequest, idempotencyKey?: string): Promise<OrderAccepted> {
    if (!this.broker.isConnected()) throw new ServiceUnavailableException(UNAVAILABLE);
    const fresh: SagaIds = { orderId: randomUUID(), sagaId: randomUUID() };
    let ids = fresh;
    if (idempotencyKey === undefined) await this.remember(order, fresh);
    else ids = await this.claimRemembering(idempotencyKey, order, fresh);
    await this.publishStart(order, ids, idempotencyKey);
    return { ...ids, status: OrderStatus.PENDING };
  }

  /**
   * The key's claim and the accepted-order record of the fresh ids are independent round trips,
   * so they run side by side. When the key was claimed before, the fresh record stays unused
   * (nobody learns its order id; it expires with the bucket's TTL) and the claimed ids are
   * remembered instead: the first attempt may have failed before its record landed.
   */
  private async claimRemembering(key: string, order: OrderRequest, fresh: SagaIds): Promise<SagaIds> {
    const [claimed, remembered] = await Promise.allSettled([
      this.claim(key, order, fresh),
      this.remember(order, fresh),
    ]);
    if (claimed.status === 'rejected') throw claimed.reason;
    const ids = claimed.value;
    if (ids !== fresh) await this.remember(order, ids);
    else if (remembered.status === 'rejected') throw remembered.reason;
    return ids;
  }

  private async claim(key: string, order: OrderRequest, fresh: SagaIds): Promise<SagaIds> {
    const bodyHash = fingerprint(order);
    const claim = await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.idempotency.claim(key, { bodyHash, ...fresh }),
    );
    if (claim.created) return fresh;
    if (claim.existing.bodyHash !== bodyHash) {
      throw new ConflictException('This Idempotency-Key was already used with a different request body');
    }
    return { orderId: claim.existing.orderId, sagaId: claim.existing.sagaId };
  }

  /** Before the start is published, so every saga that can start has an accepted-order record. */
  private async remember(order: OrderRequest, ids: SagaIds): Promise<void> {
    await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.acceptedOrders.remember({
        ...ids,
        customerId: order.customerId,
        currency: order.currency,
        items: order.items,
        totalCents: order.items.reduce((total, item) => total + item.quantity * item.unitPriceCents, 0),
        acceptedAt: new Date().toISOString(),
      }),
    );
  }

  /**
   * Also run for a replayed key: the first attempt may have failed before its publish landed.
   * Publishing again is harmless: the message id is the saga id, which JetStream stores once
   * within its duplicate window and the orchestrator starts once after it.
   */
  private async publishStart(
    order: OrderRequest,
    ids: SagaIds,
    idempotencyKey: string | undefined,
  ): Promise<void> {
    const payload: StartOrderFulfillmentPayload = { ...ids, order, idempotencyKey };
    await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.publisher.publish({
        subject: StartOrderFulfillment.subject,
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        messageId: ids.sagaId,
        sagaId: ids.sagaId,
        payload,
      }),
    );
  }
}
