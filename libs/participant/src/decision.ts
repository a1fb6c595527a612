import { MAX_REASON_LENGTH, type MessageContract, type ReplyError, type ReplyPayload } from '@app/contracts';
import type { OutgoingPayload } from '@app/platform';

/** The body every participant reply carries: the shape of each `<Name>ReplyPayload`. */
export type ReplyBody<R extends object = object> = ReplyPayload & { result?: R };

/**
 * What a participant decided about one command: the reply, the domain events it caused, and
 * whether the reply must be replayed verbatim when the same command comes again.
 */
export interface Decision<R extends object = object> {
  reply: ReplyBody<R>;
  events: OutgoingPayload[];
  /** A decision that must not flip on a resend: an effect happened, or a verdict such as "declined". */
  remember: boolean;
}

/** The participant deliberately stays silent (the simulated processor timeout). */
export const NO_REPLY = Symbol('NO_REPLY');
export type NoReply = typeof NO_REPLY;

export function succeeded<R extends object>(result: R, events: OutgoingPayload[] = []): Decision<R> {
  return { reply: { outcome: 'SUCCESS', result }, events, remember: true };
}

/** A business verdict on the command itself (declined, out of stock): a resend gets the same answer. */
export function declined(code: string, message: string, events: OutgoingPayload[] = []): Decision<never> {
  return { reply: { outcome: 'BUSINESS_FAILURE', error: failure(code, message) }, events, remember: true };
}

/**
 * A refusal because of the current state (unknown order, voided payment): nothing happened,
 * so a later resend is judged afresh against the state it then finds.
 */
export function refused(code: string, message: string): Decision<never> {
  return {
    reply: { outcome: 'BUSINESS_FAILURE', error: failure(code, message) },
    events: [],
    remember: false,
  };
}

/** Retry later: nothing is remembered, and the orchestrator's retry is a new command message. */
export function failedTransiently(code: string, message: string): Decision<never> {
  return {
    reply: { outcome: 'TRANSIENT_FAILURE', error: failure(code, message) },
    events: [],
    remember: false,
  };
}

/** A domain event, its payload checked against the contract at compile time. */
export function domainEvent<P extends object>(contract: MessageContract<P>, payload: P): OutgoingPayload {
  return { contract, payload } as OutgoingPayload;
}

function failure(code: string, message: string): ReplyError {
  const bounded =
    message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH - 1)}…` : message;
  return { code, message: bounded };
}
