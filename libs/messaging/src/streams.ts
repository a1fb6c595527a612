import {
  DiscardPolicy,
  NatsConnection,
  RetentionPolicy,
  StorageType,
  StreamConfig,
  StreamInfo,
  nanos,
} from 'nats';

export interface StreamDefinition {
  name: string;
  subjects: string[];
  maxAgeMs: number;
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1_000;
/** Publishes carrying the same `Nats-Msg-Id` within this window are stored once. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1_000;

export const STREAMS = {
  SAGA_STARTS: {
    name: 'SAGA_STARTS',
    subjects: ['saga.start.>'],
    maxAgeMs: 7 * DAY_MS,
    description: 'Requests to start a saga',
  },
  SAGA_COMMANDS: {
    name: 'SAGA_COMMANDS',
    subjects: ['saga.cmd.>'],
    maxAgeMs: 7 * DAY_MS,
    description: 'Commands from the orchestrator to participants',
  },
  SAGA_REPLIES: {
    name: 'SAGA_REPLIES',
    subjects: ['saga.reply.>'],
    maxAgeMs: 7 * DAY_MS,
    description: 'Participant replies to saga commands',
  },
  DOMAIN_EVENTS: {
    name: 'DOMAIN_EVENTS',
    subjects: ['events.>'],
    maxAgeMs: 30 * DAY_MS,
    description: 'Facts published by the services',
  },
  SAGA_DLQ: {
    name: 'SAGA_DLQ',
    subjects: ['saga.dlq.>'],
    maxAgeMs: 30 * DAY_MS,
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
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(definition.maxAgeMs),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  };
}

/** Creates each stream of `STREAMS`, or brings an existing one to this configuration. Safe to run at every start. */
export async function ensureStreams(
  connection: NatsConnection,
  options: { replicas: number },
): Promise<void> {
  const jsm = await connection.jetstreamManager();
  for (const definition of Object.values(STREAMS)) {
    const desired = streamConfig(definition, options.replicas);
    const existing = await streamInfoOrUndefined(() => jsm.streams.info(definition.name));
    try {
      if (!existing) await jsm.streams.add(desired);
      else if (differs(existing, desired))
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
