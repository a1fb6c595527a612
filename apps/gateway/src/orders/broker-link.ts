import type { ConnectionState } from '@app/messaging';

/** Whether the gateway's NATS client is connected to a server right now. */
export type BrokerLink = ConnectionState;

/**
 * The platform's `NATS_CONNECTION_STATE`. Checking it before a publish answers 503 at once while
 * the client reconnects: otherwise the publish would wait in the reconnect buffer, the request
 * would get its 503 only after the ack timeout, and the buffered start could still go out after
 * the reconnect, starting a saga the client was told had failed.
 */
export const BROKER_LINK = Symbol('BROKER_LINK');
