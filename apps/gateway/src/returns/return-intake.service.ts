import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { GetOrderQuery } from '@app/contracts';
import { JetStreamPublisher } from '@app/messaging';
import { ReturnStatus, StartOrderReturn, type StartOrderReturnPayload } from '@app/order-return';
import { orUnavailable } from '../http/unavailable';
import { IDEMPOTENCY_STORE, type IdempotencyScope, IdempotencyStore } from '../idempotency/idempotency-store';
import { ACCEPTED_ORDERS, AcceptedOrders } from '../orders/accepted-orders';
import { BROKER_LINK, BrokerLink } from '../orders/broker-link';
import { fingerprint } from '../orders/request-fingerprint';
import { QUERY_CLIENT, QueryClient } from '../queries/query-client';
import { ACCEPTED_RETURNS, AcceptedReturns } from './accepted-returns';
import { ReturnAccepted } from './return-accepted';
import { ReturnRequest } from './return-request';

interface ReturnIds {
  returnId: string;
  sagaId: string;
}

const UNAVAILABLE =
  'Returns cannot be accepted right now (message broker unreachable); retry with the same Idempotency-Key';
const ORDER_SERVICE_UNAVAILABLE = 'The order service is not answering; retry later';

/**
 * Accepts a return of an order by starting its order-return saga, the way `OrderIntake` starts
 * an order: the start waits in SAGA_STARTS while the orchestrator is down, and an
 * `Idempotency-Key` (scoped to the returns of this order) gives a repeat the same ids. Only the
 * order's existence is checked here; whether its items can be returned is the saga's decision,
 * made by the order service where concurrent returns are serialized.
 */
@Injectable()
export class ReturnIntake {
  private readonly logger = new Logger(ReturnIntake.name);

  constructor(
    private readonly publisher: JetStreamPublisher,
    @Inject(IDEMPOTENCY_STORE) private readonly idempotency: IdempotencyStore,
    @Inject(QUERY_CLIENT) private readonly queries: QueryClient,
    @Inject(ACCEPTED_ORDERS) private readonly acceptedOrders: AcceptedOrders,
    @Inject(ACCEPTED_RETURNS) private readonly acceptedReturns: AcceptedReturns,
    @Inject(BROKER_LINK) private readonly broker: BrokerLink,
  ) {}

  async accept(orderId: string, request: ReturnRequest, idempotencyKey?: string): Promise<ReturnAccepted> {
    if (!this.broker.isConnected()) throw new ServiceUnavailableException(UNAVAILABLE);
    await this.ensureOrderExists(orderId);
    const fresh: ReturnIds = { returnId: randomUUID(), sagaId: randomUUID() };
    const ids =
      idempotencyKey === undefined ? fresh : await this.claim(idempotencyKey, orderId, request, fresh);
    await this.remember(orderId, request, ids);
    await this.publishStart(orderId, request, ids, idempotencyKey);
    return { ...ids, status: ReturnStatus.PENDING };
  }

  /**
   * An order the gateway accepted but whose saga has not created it yet exists too (GET /orders
   * shows it): its return is accepted, and the saga rejects it while the order is not APPROVED.
   */
  private async ensureOrderExists(orderId: string): Promise<void> {
    const order = await orUnavailable(this.logger, ORDER_SERVICE_UNAVAILABLE, () =>
      this.queries.ask(GetOrderQuery, { orderId }),
    );
    if (order) return;
    const accepted = await orUnavailable(
      this.logger,
      'Order state is unavailable right now; retry later',
      () => this.acceptedOrders.find(orderId),
    );
    if (!accepted) throw new NotFoundException(`Order ${orderId} not found`);
  }

  private async claim(
    key: string,
    orderId: string,
    request: ReturnRequest,
    fresh: ReturnIds,
  ): Promise<ReturnIds> {
    const bodyHash = fingerprint(request);
    const scope: IdempotencyScope = { route: 'returns', orderId };
    const claim = await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.idempotency.claim(key, { bodyHash, orderId, ...fresh }, scope),
    );
    if (claim.created) return fresh;
    const { existing } = claim;
    if (existing.bodyHash !== bodyHash) {
      throw new ConflictException('This Idempotency-Key was already used with a different request body');
    }
    // Only this class claims in a returns scope, and it always writes the return id.
    if (existing.returnId === undefined)
      throw new Error(`the idempotency record of a return of order ${orderId} has no return id`);
    return { returnId: existing.returnId, sagaId: existing.sagaId };
  }

  /**
   * Before the start is published, so every saga that can start has an accepted-return record;
   * also for a replayed key, since the first attempt may have failed before its record landed.
   */
  private async remember(orderId: string, request: ReturnRequest, ids: ReturnIds): Promise<void> {
    await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.acceptedReturns.remember({
        ...ids,
        orderId,
        items: request.items.map(({ sku, quantity }) => ({ sku, quantity })),
        reason: request.reason,
        acceptedAt: new Date().toISOString(),
      }),
    );
  }

  /**
   * Also run for a replayed key: publishing again is harmless, the message id is the saga id,
   * which JetStream stores once within its duplicate window and the orchestrator starts once.
   */
  private async publishStart(
    orderId: string,
    request: ReturnRequest,
    ids: ReturnIds,
    idempotencyKey: string | undefined,
  ): Promise<void> {
    const payload: StartOrderReturnPayload = {
      ...ids,
      orderId,
      items: request.items,
      reason: request.reason,
      idempotencyKey,
    };
    await orUnavailable(this.logger, UNAVAILABLE, () =>
      this.publisher.publish({
        subject: StartOrderReturn.subject,
        type: StartOrderReturn.type,
        version: StartOrderReturn.version,
        messageId: ids.sagaId,
        sagaId: ids.sagaId,
        payload,
      }),
    );
  }
}
