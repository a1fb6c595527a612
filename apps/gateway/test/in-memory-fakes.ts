import type { QueryContract } from '@app/contracts';
import type { OutgoingMessage } from '@app/messaging';
import {
  type IdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyScope,
  type IdempotencyStore,
  ORDERS_SCOPE,
} from '../src/idempotency/idempotency-store';
import type { AcceptedOrder, AcceptedOrders } from '../src/orders/accepted-orders';
import type { QueryClient } from '../src/queries/query-client';
import type { AcceptedReturn, AcceptedReturns } from '../src/returns/accepted-returns';

/** In-memory stand-ins for the gateway's NATS ports, for unit tests (integration tests use a real server). */

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();
  failure?: Error;

  /** Keys sent to `POST /orders/{orderId}/returns`, by order id, then key. */
  readonly returnRecords = new Map<string, Map<string, IdempotencyRecord>>();

  async claim(
    key: string,
    record: IdempotencyRecord,
    scope: IdempotencyScope = ORDERS_SCOPE,
  ): Promise<IdempotencyClaim> {
    if (this.failure) throw this.failure;
    const records = this.recordsOf(scope);
    const existing = records.get(key);
    if (existing) return { created: false, existing };
    records.set(key, record);
    return { created: true };
  }

  private recordsOf(scope: IdempotencyScope): Map<string, IdempotencyRecord> {
    if (scope.route === 'orders') return this.records;
    const ofOrder = this.returnRecords.get(scope.orderId) ?? new Map<string, IdempotencyRecord>();
    this.returnRecords.set(scope.orderId, ofOrder);
    return ofOrder;
  }
}

export class InMemoryAcceptedOrders implements AcceptedOrders {
  readonly orders = new Map<string, AcceptedOrder>();
  failure?: Error;

  async remember(order: AcceptedOrder): Promise<void> {
    if (this.failure) throw this.failure;
    this.orders.set(order.orderId, order);
  }

  async find(orderId: string): Promise<AcceptedOrder | null> {
    if (this.failure) throw this.failure;
    return this.orders.get(orderId) ?? null;
  }
}

export class InMemoryAcceptedReturns implements AcceptedReturns {
  /** By order id, then return id. */
  readonly returns = new Map<string, Map<string, AcceptedReturn>>();
  failure?: Error;

  async remember(accepted: AcceptedReturn): Promise<void> {
    if (this.failure) throw this.failure;
    const ofOrder = this.returns.get(accepted.orderId) ?? new Map<string, AcceptedReturn>();
    this.returns.set(accepted.orderId, ofOrder.set(accepted.returnId, accepted));
  }

  async find(orderId: string, returnId: string): Promise<AcceptedReturn | null> {
    if (this.failure) throw this.failure;
    return this.returns.get(orderId)?.get(returnId) ?? null;
  }
}

export class RecordingPublisher {
  readonly published: OutgoingMessage[] = [];
  failure?: Error;

  async publish(message: OutgoingMessage): Promise<void> {
    if (this.failure) throw this.failure;
    this.published.push(message);
  }
}

type Answer = (payload: object) => Promise<object | null>;

/** Answers each query subject with the function registered for it; an unregistered subject times out. */
export class ScriptedQueryClient implements QueryClient {
  private readonly answers = new Map<string, Answer>();
  readonly asked: Array<{ subject: string; payload: object }> = [];

  answer<P extends object, R extends object>(
    contract: QueryContract<P, R>,
    answer: (payload: P) => R | null,
  ): this {
    this.answers.set(contract.subject, async (payload) => answer(payload as P));
    return this;
  }

  fail(contract: QueryContract, error = new Error('timeout')): this {
    this.answers.set(contract.subject, () => Promise.reject(error));
    return this;
  }

  async ask<P extends object, R extends object>(
    contract: QueryContract<P, R>,
    payload: P,
  ): Promise<R | null> {
    this.asked.push({ subject: contract.subject, payload });
    const answer = this.answers.get(contract.subject);
    if (!answer) throw new Error(`no responders for ${contract.subject}`);
    return (await answer(payload)) as R | null;
  }
}
