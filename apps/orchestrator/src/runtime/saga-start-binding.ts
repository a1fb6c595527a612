import type { MessageContract } from '@app/contracts';

/** What a start message says about the saga it asks for. */
export interface SagaStartRequest {
  sagaId: string;
  /** Indexed, so the gateway can find the saga of an order. */
  orderId: string | null;
  /** What an operator knows the saga by (searchable in the admin API), e.g. the order id. */
  businessKey: string | null;
  /** At most one saga per (type, idempotency key). */
  idempotencyKey: string | null;
  data: unknown;
}

/** Ties a start contract (`saga.start.<type>`) to the saga type it starts and its initial data. */
export interface SagaStartBinding<P extends object = object> {
  readonly contract: MessageContract<P>;
  readonly sagaType: string;
  request(payload: P): SagaStartRequest;
}

export function bindSagaStart<P extends object>(binding: SagaStartBinding<P>): SagaStartBinding {
  return binding as unknown as SagaStartBinding;
}
