/** NATS header names every message carries (DESIGN "Messaging"). */
export const Headers = {
  messageId: 'Nats-Msg-Id',
  sagaId: 'saga-id',
  /**
   * On every command the orchestrator sends: the business key of the saga that sent it (an order
   * id, a return id). Participants key their idempotency on it and the action, so two sagas about
   * one order (two returns of it) are two effects.
   */
  businessKey: 'business-key',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  messageType: 'message-type',
  messageVersion: 'message-version',
  occurredAt: 'occurred-at',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Metadata that travels in the headers; the body is the contract's payload as JSON. */
export interface EnvelopeMetadata {
  messageId: string;
  type: string;
  version: number;
  sagaId?: string;
  correlationId: string;
  causationId?: string;
  occurredAt: string;
  /** The sending saga's business key (`business-key` header); absent on messages sent before it existed. */
  businessKey?: string;
}

/** A received or outgoing message: metadata plus validated payload. */
export interface Envelope<P = unknown> extends EnvelopeMetadata {
  subject: string;
  payload: P;
}
