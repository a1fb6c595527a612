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
    const ids = idempotencyKey === undefined ? fresh : await this.claim(idempotencyKey, order, fresh);
    await this.start(order, ids, idempotencyKey);
    return { ...ids, status: OrderStatus.PENDING };
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

  /**
   * Also run for a replayed key: the first attempt may have failed before its publish landed.
   * Publishing again is harmless: the message id is the saga id, which JetStream stores once
   * within its duplicate window and the orchestrator starts once after it.
   */
  private async start(order: OrderRequest, ids: SagaIds, idempotencyKey: string | undefined): Promise<void> {
    // Remembered before the publish, so every saga that can start has an accepted-order record.
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
