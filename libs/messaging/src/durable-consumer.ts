import {
  AckPolicy,
  ConsumerConfig,
  ConsumerInfo,
  DeliverPolicy,
  NatsConnection,
  ReplayPolicy,
  nanos,
} from 'nats';

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  /**
   * One subject becomes `filter_subject`. Several need nats-server 2.10 (`filter_subjects`);
   * on 2.9 that is refused with a clear error: filter with a wildcard (`saga.reply.>`) or
   * create one consumer per subject instead.
   */
  filterSubjects: string[];
  /** Default 30 s. A handler that needs longer calls `working()`. */
  ackWaitMs?: number;
  /**
   * Deliveries after which `JetStreamConsumer` dead-letters a failing message (default 10).
   * The server-side `max_deliver` is unlimited: the consumer alone decides when a message is
   * given up, because deliveries that failed on the infrastructure (a database outage) do not
   * count, and a message the server abandoned would be lost without a dead letter.
   */
  maxDeliver?: number;
  /** Unacknowledged messages the server hands out across all instances (default 1000). */
  maxAckPending?: number;
}

const DEFAULTS = { ackWaitMs: 30_000, maxDeliver: 10, maxAckPending: 1_000 };

/** Creates a durable pull consumer with explicit acks, or updates it to this spec. Idempotent. */
export async function ensureConsumer(
  connection: NatsConnection,
  spec: DurableConsumerSpec,
): Promise<ConsumerInfo> {
  if (spec.filterSubjects.length === 0) {
    throw new Error(`consumer ${spec.stream}/${spec.durable} needs at least one filter subject`);
  }
  const jsm = await connection.jetstreamManager();
  const desired = consumerConfig(spec);
  try {
    const existing = await consumerInfoOrUndefined(() => jsm.consumers.info(spec.stream, spec.durable));
    if (!existing) return await jsm.consumers.add(spec.stream, desired);
    if (!differs(existing, desired)) return existing;
    const { ack_wait, max_deliver, max_ack_pending, filter_subject, filter_subjects } = desired;
    return await jsm.consumers.update(spec.stream, spec.durable, {
      ack_wait,
      max_deliver,
      max_ack_pending,
      ...(filter_subject !== undefined ? { filter_subject } : { filter_subjects }),
    });
  } catch (error) {
    throw new Error(`cannot provision JetStream consumer ${spec.stream}/${spec.durable}: ${describe(error)}`);
  }
}

function consumerConfig(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  const subjects = spec.filterSubjects;
  return {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(spec.ackWaitMs ?? DEFAULTS.ackWaitMs),
    max_deliver: -1,
    max_ack_pending: spec.maxAckPending ?? DEFAULTS.maxAckPending,
    ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: [...subjects] }),
  };
}

function differs(existing: ConsumerInfo, desired: Partial<ConsumerConfig>): boolean {
  const current = existing.config as unknown as Record<string, unknown>;
  return Object.entries(desired).some(
    ([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value),
  );
}

function describe(error: unknown): string {
  const message = (error as Error).message;
  if (message.includes("'filter_subjects' requires server")) {
    return `${message}: use one wildcard filter subject or one consumer per subject`;
  }
  return message;
}

async function consumerInfoOrUndefined(
  lookup: () => Promise<ConsumerInfo>,
): Promise<ConsumerInfo | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as Error).message === 'consumer not found') return undefined;
    throw error;
  }
}
