import type { Envelope, MessageContract } from '@app/contracts';
import {
  type MessageHandler,
  type NatsConnection,
  STREAMS,
  ensureConsumer,
  handlersByType,
} from '@app/messaging';
import type { ParticipantReply } from '@app/saga-core';
import { REPLY_CONSUMER, START_CONSUMER, type SagaRuntime } from '../runtime/saga-runtime';

/**
 * A message handed to an orchestrator that then dies comes back after this long. It must be
 * well below the step timeouts, or a reply held by a crashed replica would lose the race
 * against its step's timeout. Handling takes milliseconds; a redelivery while the first
 * delivery is still being handled is harmless (the inbox row makes it wait, then skip).
 */
export const ORCHESTRATOR_ACK_WAIT_MS = 2_000;

/** The two durable consumers the orchestrator reads: saga starts and participant replies. */
export const ORCHESTRATOR_CONSUMERS = {
  starts: { stream: STREAMS.SAGA_STARTS.name, durable: START_CONSUMER, filterSubjects: ['saga.start.>'] },
  replies: { stream: STREAMS.SAGA_REPLIES.name, durable: REPLY_CONSUMER, filterSubjects: ['saga.reply.>'] },
} as const;

/** A start carries one order (the gateway caps its body at 100 kB); a reply carries a small result. */
export const MAX_START_BYTES = 256 * 1024;
export const MAX_REPLY_BYTES = 64 * 1024;

export async function ensureOrchestratorConsumers(
  connection: NatsConnection,
  maxAckPending: number,
): Promise<void> {
  for (const spec of Object.values(ORCHESTRATOR_CONSUMERS)) {
    await ensureConsumer(connection, {
      ...spec,
      filterSubjects: [...spec.filterSubjects],
      ackWaitMs: ORCHESTRATOR_ACK_WAIT_MS,
      maxAckPending,
    });
  }
}

export function startHandlers(runtime: SagaRuntime, contracts: readonly MessageContract[]) {
  return handlersByType(
    ...contracts.map((contract): MessageHandler => ({
      contract,
      handle: async (envelope) => {
        await runtime.start(envelope);
      },
    })),
  );
}

export function replyHandlers(runtime: SagaRuntime, replies: readonly MessageContract[]) {
  return handlersByType(
    ...replies.map((contract): MessageHandler => ({
      contract,
      handle: async (envelope) => {
        await runtime.onReply(envelope as Envelope<ParticipantReply>);
      },
    })),
  );
}
