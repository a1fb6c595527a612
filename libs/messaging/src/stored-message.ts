import type { MessageContract } from '@app/contracts';
import { buildHeaders } from './outgoing-message';

/** A message kept with the headers it is to be published with, e.g. an outbox row. */
export interface StoredMessage {
  id: string;
  subject: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** The ids a message carries; those left unset come from the correlation context (see `buildHeaders`). */
export interface MessageIds {
  /** Becomes the row id and `Nats-Msg-Id`, so a message stored and published twice is stored by JetStream once. */
  messageId: string;
  sagaId?: string;
  correlationId?: string;
  causationId?: string;
}

/**
 * A message of `contract` to store now and publish later (the outbox), with its headers built at
 * the moment it is decided: the trace and correlation context are the decision's, not the relay's.
 */
export function storedMessage(
  contract: Pick<MessageContract, 'subject' | 'type' | 'version'>,
  payload: object,
  ids: MessageIds,
): StoredMessage {
  const headers = buildHeaders({
    subject: contract.subject,
    payload,
    type: contract.type,
    version: contract.version,
    ...ids,
  });
  return { id: ids.messageId, subject: contract.subject, headers, payload };
}
