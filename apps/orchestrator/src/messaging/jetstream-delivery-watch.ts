import { subjectMatches } from '@app/contracts';
import { type ConsumerProgress, STREAMS, type StreamProgress } from '@app/messaging';
import type { AwaitedCommand, DeliveryWatch } from '../runtime/delivery-watch';

/** How long reply timeouts wait after a start or after the broker came back: participants' outboxes flush meanwhile. */
export const REPLY_SETTLE_MS = 10_000;

/** Sequence bounds kept for commands still awaited; beyond this the oldest are looked up again. */
const MAX_REMEMBERED_BOUNDS = 100_000;

/**
 * `DeliveryWatch` over JetStream positions, which cost nothing on the happy path: it asks the
 * server only when a deadline pass runs.
 *
 * A command is delivered once every consumer of its subject has delivered past it. Its own stream
 * sequence is not known here (the relay and the fast path publish it), so the first look takes
 * the stream's last sequence as an upper bound of it: delivered past the bound means delivered.
 * The bound is later than the command by what was published in between, so under a backlog the
 * reply timeout starts a little later than delivery, never earlier.
 *
 * Replies: a cut `(moment, last reply sequence)` is taken at each pass; once the reply consumer's
 * ack floor reaches the cut's sequence, every reply stored before that moment has been handled.
 */
export class JetStreamDeliveryWatch implements DeliveryWatch {
  private readonly bounds = new Map<string, number>();
  private openCut?: { at: Date; lastSeq: number };
  private handledBefore = new Date(0);
  /** When reply timeouts may fire again after a start or an outage (undefined: the broker is unreachable). */
  private settledAt?: number;

  constructor(
    private readonly progress: Pick<StreamProgress, 'lastSequence' | 'consumer' | 'consumers'>,
    private readonly replyConsumer: string,
  ) {}

  async undelivered(commands: readonly AwaitedCommand[]): Promise<Set<string>> {
    const waiting = new Set<string>();
    if (commands.length === 0) return waiting;
    const stream = STREAMS.SAGA_COMMANDS.name;
    if (commands.some((command) => !this.bounds.has(command.commandId))) {
      const lastSeq = await this.progress.lastSequence(stream);
      for (const { commandId } of commands)
        if (!this.bounds.has(commandId)) this.remember(commandId, lastSeq);
    }
    const consumers = await this.progress.consumers(stream);
    for (const { commandId, subject } of commands) {
      const bound = this.bounds.get(commandId)!;
      if (deliveredPast(consumers, subject, bound)) this.bounds.delete(commandId);
      else waiting.add(commandId);
    }
    return waiting;
  }

  /**
   * After this process starts, and after the broker was out of its reach, no reply timeout fires
   * for `REPLY_SETTLE_MS`: a participant that handled a command just before an outage holds the
   * reply in its own outbox until its relay has reconnected, and the reply stream cannot show it yet.
   */
  async repliesHandledBefore(now: Date): Promise<Date> {
    let handledBefore: Date;
    try {
      handledBefore = await this.readRepliesHandledBefore(now);
    } catch (error) {
      this.settledAt = undefined;
      throw error;
    }
    this.settledAt ??= now.getTime() + REPLY_SETTLE_MS;
    return now.getTime() < this.settledAt ? new Date(0) : handledBefore;
  }

  /**
   * The reply consumer's position alone (one request) when nothing waits, the usual case: it is
   * read after `now`, so a reply stored before `now` shows there as pending or unacknowledged.
   * The stream's last sequence, read after `now` too, is read only to open a cut.
   */
  private async readRepliesHandledBefore(now: Date): Promise<Date> {
    const stream = STREAMS.SAGA_REPLIES.name;
    const consumer = await this.progress.consumer(stream, this.replyConsumer);
    if (consumer.pending === 0 && consumer.ackPending === 0) {
      // Nothing stored is waiting: everything before this look has been handled.
      this.openCut = undefined;
      this.handledBefore = now;
      return now;
    }
    if (this.openCut && consumer.ackFloorSeq >= this.openCut.lastSeq) {
      this.handledBefore = this.openCut.at;
      this.openCut = undefined;
    }
    this.openCut ??= { at: now, lastSeq: await this.progress.lastSequence(stream) };
    return this.handledBefore;
  }

  private remember(commandId: string, bound: number): void {
    this.bounds.set(commandId, bound);
    if (this.bounds.size > MAX_REMEMBERED_BOUNDS)
      this.bounds.delete(this.bounds.keys().next().value as string);
  }
}

/** No consumer for the subject yet (its service never started) means nobody has it. */
function deliveredPast(consumers: readonly ConsumerProgress[], subject: string, bound: number): boolean {
  const readers = consumers.filter((consumer) =>
    consumer.filterSubjects.some((filter) => subjectMatches(filter, subject)),
  );
  return readers.length > 0 && readers.every((consumer) => consumer.deliveredSeq >= bound);
}
