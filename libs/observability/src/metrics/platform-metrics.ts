import { defineCounter, defineGauge, defineHistogram } from './metric-definition';

/** Step and handler latencies: milliseconds on the hot path up to a step timeout. */
const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A whole saga: a few round trips when all goes well, retries and timeouts otherwise. */
const SAGA_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The metrics the platform shares across services; every lib registers them through `Metrics`. */
export const PlatformMetrics = {
  sagaStarted: defineCounter('saga_started_total', 'Sagas started'),
  sagaFinished: defineCounter('saga_finished_total', 'Sagas that reached a terminal status', [
    'type',
    'status',
  ]),
  sagaDuration: defineHistogram(
    'saga_duration_seconds',
    'Time from saga start to its terminal status',
    [],
    SAGA_BUCKETS,
  ),
  sagaStepDuration: defineHistogram(
    'saga_step_duration_seconds',
    'Time from a step command being sent to its reply being applied',
    ['step'],
    FAST_BUCKETS,
  ),
  sagaStepRetries: defineCounter(
    'saga_step_retries_total',
    'Step commands sent again after a transient failure or timeout',
  ),
  sagaCompensations: defineCounter('saga_compensations_total', 'Compensating commands sent'),
  sagaTimeouts: defineCounter('saga_timeouts_total', 'Steps whose reply did not arrive in time'),
  outboxPendingRows: defineGauge('outbox_pending_rows', 'Outbox rows not yet published'),
  consumerPending: defineGauge('messaging_consumer_pending', 'Messages waiting in a JetStream consumer', [
    'consumer',
  ]),
  consumerAckPending: defineGauge(
    'messaging_consumer_ack_pending',
    'Messages delivered by a JetStream consumer and not yet acknowledged',
    ['consumer'],
  ),
  deadLetters: defineCounter('messaging_dead_letters_total', 'Messages moved to the dead-letter stream'),
  participantHandlerDuration: defineHistogram(
    'participant_handler_duration_seconds',
    'Time a participant spends handling one command',
    ['service', 'type', 'outcome'],
    FAST_BUCKETS,
  ),
  messagesHandled: defineCounter('messaging_messages_total', 'Messages consumed, by outcome', [
    'consumer',
    'type',
    'outcome',
  ]),
} as const;
