import {
  DiscardPolicy,
  NatsConnection,
  RetentionPolicy,
  StorageType,
  StreamConfig,
  StreamInfo,
  nanos,
} from 'nats';
import { recreateWhenHandled } from './stream-retention-migration';

export interface StreamDefinition {
  name: string;
  subjects: string[];
  /**
   * `workqueue`: a message leaves once a consumer acknowledged it (starts, commands, replies:
   * consumers of one stream must not overlap, and must ack explicitly). `limits`: kept until
   * `maxAgeMs` or `maxBytes` pushes it out.
   */
  retention: 'workqueue' | 'limits';
  /** 0: no age limit (a work stream keeps an unhandled message until it is handled). */
  maxAgeMs: number;
  maxBytes: number;
  /**
   * When `maxBytes` is reached: `new` refuses the publish (the publisher retries; nothing stored
   * is lost), `old` drops the oldest messages. Never `old` on a work stream: it would drop
   * unhandled commands.
   */
  discard: 'new' | 'old';
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1_000;
const GIB = 1024 * 1024 * 1024;
/** Publishes carrying the same `Nats-Msg-Id` within this window are stored once. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1_000;

export const STREAMS = {
  SAGA_STARTS: {
    name: 'SAGA_STARTS',
    subjects: ['saga.start.>'],
    retention: 'workqueue',
    maxAgeMs: 0,
    maxBytes: GIB,
    discard: 'new',
    description: 'Requests to start a saga',
  },
  SAGA_COMMANDS: {
    name: 'SAGA_COMMANDS',
    subjects: ['saga.cmd.>'],
    retention: 'workqueue',
    maxAgeMs: 0,
    maxBytes: GIB,
    discard: 'new',
    description: 'Commands from the orchestrator to participants',
  },
  SAGA_REPLIES: {
    name: 'SAGA_REPLIES',
    subjects: ['saga.reply.>'],
    retention: 'workqueue',
    maxAgeMs: 0,
    maxBytes: GIB,
    discard: 'new',
    description: 'Participant replies to saga commands',
  },
  DOMAIN_EVENTS: {
    name: 'DOMAIN_EVENTS',
    subjects: ['events.>'],
    retention: 'limits',
    maxAgeMs: 30 * DAY_MS,
    // Facts for observers, each also recorded in its service's tables: the oldest may go.
    maxBytes: GIB,
    discard: 'old',
    description: 'Facts published by the services',
  },
  SAGA_DLQ: {
    name: 'SAGA_DLQ',
    subjects: ['saga.dlq.>'],
    retention: 'limits',
    maxAgeMs: 30 * DAY_MS,
    // A full DLQ refuses the next dead letter: its message stays in its work stream, retried.
    maxBytes: GIB / 4,
    discard: 'new',
    description: 'Messages that failed validation or exhausted their deliveries',
  },
} as const satisfies Record<string, StreamDefinition>;

export type StreamName = keyof typeof STREAMS;

export function streamConfig(definition: StreamDefinition, replicas: number): Partial<StreamConfig> {
  return {
    name: definition.name,
    description: definition.description,
    subjects: [...definition.subjects],
    storage: StorageType.File,
    retention: definition.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    discard: definition.discard === 'new' ? DiscardPolicy.New : DiscardPolicy.Old,
    max_age: nanos(definition.maxAgeMs),
    max_bytes: definition.maxBytes,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  };
}

/**
 * Creates each stream of `STREAMS`, or brings an existing one to this configuration. Safe to run
 * at every start. A stream whose retention must change (nats-server cannot change it in place)
 * is deleted and created again, but only while it holds nothing unhandled; otherwise this throws
 * one line saying what to do. Its consumers go with it: the apps create theirs as they start.
 */
export async function ensureStreams(
  connection: NatsConnection,
  options: { replicas: number; log?: (line: string) => void },
): Promise<void> {
  const jsm = await connection.jetstreamManager();
  for (const definition of Object.values(STREAMS)) {
    const desired = streamConfig(definition, options.replicas);
    const existing = await streamInfoOrUndefined(() => jsm.streams.info(definition.name));
    try {
      if (!existing) await jsm.streams.add(desired);
      else if (existing.config.retention !== desired.retention) {
        await recreateWhenHandled(jsm, existing, desired);
        options.log?.(
          `${definition.name}: recreated with ${desired.retention} retention (it held nothing unhandled)`,
        );
      } else if (differs(existing, desired))
        await jsm.streams.update(definition.name, { ...existing.config, ...desired });
    } catch (error) {
      throw new Error(`cannot provision JetStream stream ${definition.name}: ${(error as Error).message}`);
    }
  }
}

function differs(existing: StreamInfo, desired: Partial<StreamConfig>): boolean {
  const current = existing.config as unknown as Record<string, unknown>;
  return Object.entries(desired).some(
    ([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value),
  );
}

async function streamInfoOrUndefined(lookup: () => Promise<StreamInfo>): Promise<StreamInfo | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as Error).message === 'stream not found') return undefined;
    throw error;
  }
}
