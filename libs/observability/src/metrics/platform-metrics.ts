import { defineCounter, defineGauge, defineHistogram } from './metric-definition';

/** Step, handler and request latencies: milliseconds on the hot path up to a step timeout. */
const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A whole saga: a few round trips when all goes well, retries and timeouts otherwise. */
const SAGA_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Messages or commands handled together in one batch or transaction. */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64];

/** Why a message went to the dead-letter stream. */
export type DeadLetterReason = 'invalid' | 'rejected' | 'exhausted';

/** How a participant's command handler ended; see `participantHandlerDuration`. */
export type HandlerOutcome = 'succeeded' | 'refused' | 'transient' | 'no-reply' | 'duplicate' | 'error';

/**
 * The metrics the platform shares across services; every lib registers them through `Metrics`.
 * Every series also carries the `app` label. Label values are bounded: saga types, step
 * names, message types and consumers come from code, never from what a client sent.
 */
export const PlatformMetrics = {
  sagaStarted: defineCounter('saga_started_total', 'Sagas started', ['type']),
  sagaFinished: defineCounter('saga_finished_total', 'Sagas that reached a terminal status', [
    'type',
    'status',
  ]),
  sagaDuration: defineHistogram(
    'saga_duration_seconds',
    'Time from saga start to its terminal status',
    ['type', 'status'],
    SAGA_BUCKETS,
  ),
  sagaStepDuration: defineHistogram(
    'saga_step_duration_seconds',
    'Time from a step first sending its command to its forward outcome (retries included); outcome succeeded or failed',
    ['type', 'step', 'outcome'],
    FAST_BUCKETS,
  ),
  sagaStepRetries: defineCounter(
    'saga_step_retries_total',
    'Step retries scheduled after a transient failure or timeout; phase forward or compensation',
    ['type', 'step', 'phase'],
  ),
  sagaCompensations: defineCounter(
    'saga_compensations_total',
    'Compensating commands sent (retries included)',
    ['type', 'step'],
  ),
  sagaTimeouts: defineCounter('saga_timeouts_total', 'Step commands whose reply did not arrive in time', [
    'type',
    'step',
  ]),
  sagaStepsNeedingAttention: defineGauge(
    'saga_steps_needing_attention',
    'Running sagas whose current step keeps failing and is still retried (SAGA_ATTENTION_AFTER_ATTEMPTS attempts or more), read from the database at scrape time',
    ['type', 'step'],
  ),
  outboxPendingRows: defineGauge(
    'outbox_pending_rows',
    "Outbox rows committed and not yet published, read from the service's schema at scrape time",
    ['schema'],
  ),
  consumerPending: defineGauge(
    'messaging_consumer_pending',
    'Messages in a JetStream consumer not yet delivered, read from the server at scrape time',
    ['stream', 'consumer'],
  ),
  consumerAckPending: defineGauge(
    'messaging_consumer_ack_pending',
    'Messages delivered by a JetStream consumer and not yet acknowledged, read from the server at scrape time',
    ['stream', 'consumer'],
  ),
  deadLetters: defineCounter(
    'messaging_dead_letters_total',
    'Messages moved to the dead-letter stream; reason invalid (failed decoding or validation), rejected (permanent error) or exhausted (max deliveries)',
    ['consumer', 'reason'],
  ),
  messagesHandled: defineCounter(
    'messaging_messages_total',
    'Messages consumed; outcome acked, retried or dead-lettered; type is "invalid" for undecodable messages',
    ['consumer', 'type', 'outcome'],
  ),
  participantHandlerDuration: defineHistogram(
    'participant_handler_duration_seconds',
    'Time a participant spends on one command; outcome succeeded, refused, transient, no-reply, duplicate or error',
    ['command', 'outcome'],
    FAST_BUCKETS,
  ),
  participantBatchSize: defineHistogram(
    'participant_transaction_batch_size',
    'Commands a participant committed in one transaction (group commit); 1 when none arrived while the last one ran',
    [],
    BATCH_SIZE_BUCKETS,
  ),
  sagaBatchSize: defineHistogram(
    'saga_engine_batch_size',
    'Messages (starts, replies, operator actions) the orchestrator applied in one engine batch, one load and one save; 1 when none arrived while the last one ran',
    [],
    BATCH_SIZE_BUCKETS,
  ),
  httpRequestDuration: defineHistogram(
    'http_request_duration_seconds',
    'HTTP requests served, by method, matched route and status code',
    ['method', 'route', 'status_code'],
    FAST_BUCKETS,
  ),
} as const;
