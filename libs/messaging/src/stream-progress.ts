import type { ConsumerInfo, JetStreamManager, NatsConnection } from 'nats';

/** How far one durable consumer has got through its stream, in stream sequence numbers. */
export interface ConsumerProgress {
  name: string;
  filterSubjects: string[];
  /** Every message of its subjects up to this sequence has been delivered at least once. */
  deliveredSeq: number;
  /** Every message of its subjects up to this sequence has been acknowledged (or terminated). */
  ackFloorSeq: number;
  /** Messages not delivered yet. */
  pending: number;
  /** Messages delivered and not acknowledged yet (in a handler, or waiting for a redelivery). */
  ackPending: number;
}

/**
 * Reads what JetStream knows of a stream's and its consumers' positions: enough to tell whether a
 * given message has reached its consumer, or whether everything stored before a moment has been
 * handled. Every call is one request to the server.
 */
export class StreamProgress {
  private manager?: Promise<JetStreamManager>;

  constructor(private readonly connection: NatsConnection) {}

  /** The sequence of the last message stored in `stream` (0 when it never held one). */
  async lastSequence(stream: string): Promise<number> {
    const info = await (await this.jsm()).streams.info(stream);
    return info.state.last_seq;
  }

  async consumer(stream: string, durable: string): Promise<ConsumerProgress> {
    return progressOf(await (await this.jsm()).consumers.info(stream, durable));
  }

  async consumers(stream: string): Promise<ConsumerProgress[]> {
    const lister = (await this.jsm()).consumers.list(stream);
    const all: ConsumerProgress[] = [];
    for await (const info of lister) all.push(progressOf(info));
    return all;
  }

  private jsm(): Promise<JetStreamManager> {
    this.manager ??= this.connection.jetstreamManager().catch((error: unknown) => {
      this.manager = undefined;
      throw error;
    });
    return this.manager;
  }
}

function progressOf(info: ConsumerInfo): ConsumerProgress {
  const config = info.config;
  const filterSubjects = config.filter_subjects?.length
    ? config.filter_subjects
    : config.filter_subject
      ? [config.filter_subject]
      : ['>'];
  return {
    name: info.name,
    filterSubjects,
    deliveredSeq: info.delivered.stream_seq,
    ackFloorSeq: info.ack_floor.stream_seq,
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
  };
}
