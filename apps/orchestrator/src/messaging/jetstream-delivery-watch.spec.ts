import type { ConsumerProgress, StreamProgress } from '@app/messaging';
import { JetStreamDeliveryWatch, REPLY_SETTLE_MS } from './jetstream-delivery-watch';

/** Stream and consumer positions a test moves by hand. */
class Positions implements Pick<StreamProgress, 'lastSequence' | 'consumer' | 'consumers'> {
  lastSeq: Record<string, number> = { SAGA_COMMANDS: 0, SAGA_REPLIES: 0 };
  commandConsumers: ConsumerProgress[] = [];
  replies: ConsumerProgress = consumer('orchestrator', ['saga.reply.>']);

  lastSequence(stream: string) {
    return Promise.resolve(this.lastSeq[stream]);
  }
  consumer() {
    return Promise.resolve(this.replies);
  }
  consumers() {
    return Promise.resolve(this.commandConsumers);
  }
}

function consumer(name: string, filterSubjects: string[], seq = 0): ConsumerProgress {
  return { name, filterSubjects, deliveredSeq: seq, ackFloorSeq: seq, pending: 0, ackPending: 0 };
}

const payment = { commandId: 'c-1', subject: 'saga.cmd.payment.authorize' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

/** When `settledWatch` first looked: nothing was stored, so every reply before it counts as handled. */
const STARTED = new Date(at(0).getTime() - REPLY_SETTLE_MS);

/** A watch that has been up for the settle time. */
async function settledWatch(positions: Positions): Promise<JetStreamDeliveryWatch> {
  const watch = new JetStreamDeliveryWatch(positions, 'orchestrator');
  await watch.repliesHandledBefore(STARTED);
  return watch;
}

describe('JetStreamDeliveryWatch', () => {
  it('counts a command as undelivered until every consumer of its subject has delivered past it', async () => {
    const positions = new Positions();
    const watch = new JetStreamDeliveryWatch(positions, 'orchestrator');
    positions.lastSeq.SAGA_COMMANDS = 10;

    // Nobody reads payment commands yet (the service never started).
    expect(await watch.undelivered([payment])).toEqual(new Set(['c-1']));

    positions.commandConsumers = [
      consumer('payment', ['saga.cmd.payment.>'], 7),
      consumer('order', ['saga.cmd.order.>'], 99),
    ];
    positions.lastSeq.SAGA_COMMANDS = 20; // the bound was taken at the first look: 10
    expect(await watch.undelivered([payment])).toEqual(new Set(['c-1']));

    positions.commandConsumers[0].deliveredSeq = 10;
    expect(await watch.undelivered([payment])).toEqual(new Set());
  });

  it('keeps reply timeouts back until the replies stored before them have been handled', async () => {
    const positions = new Positions();
    const watch = await settledWatch(positions);
    positions.lastSeq.SAGA_REPLIES = 50;
    positions.replies = { ...consumer('orchestrator', ['saga.reply.>'], 30), pending: 20 };

    expect(await watch.repliesHandledBefore(at(1))).toEqual(STARTED);
    positions.lastSeq.SAGA_REPLIES = 60;
    positions.replies = { ...positions.replies, ackFloorSeq: 49, pending: 11 };
    expect(await watch.repliesHandledBefore(at(2))).toEqual(STARTED);

    // Everything up to the cut taken at 1 s (sequence 50) is handled; a new cut opens at 3 s.
    positions.replies = { ...positions.replies, ackFloorSeq: 55, pending: 5 };
    expect(await watch.repliesHandledBefore(at(3))).toEqual(at(1));
    positions.replies = { ...positions.replies, ackFloorSeq: 59, pending: 1 };
    expect(await watch.repliesHandledBefore(at(4))).toEqual(at(1));
    positions.replies = { ...positions.replies, ackFloorSeq: 60, pending: 0, ackPending: 0 };
    expect(await watch.repliesHandledBefore(at(5))).toEqual(at(5));
  });

  it('does not count a reply being handled (delivered, not acknowledged) as handled', async () => {
    const positions = new Positions();
    const watch = await settledWatch(positions);
    positions.lastSeq.SAGA_REPLIES = 5;
    positions.replies = { ...consumer('orchestrator', ['saga.reply.>'], 4), deliveredSeq: 5, ackPending: 1 };
    expect(await watch.repliesHandledBefore(at(1))).toEqual(STARTED);
    expect(await watch.repliesHandledBefore(at(2))).toEqual(STARTED);
  });

  it('reads only the reply consumer when nothing waits, and the stream when it opens a cut', async () => {
    const positions = new Positions();
    const watch = await settledWatch(positions);
    const lastSequence = jest.spyOn(positions, 'lastSequence');
    expect(await watch.repliesHandledBefore(at(1))).toEqual(at(1));
    expect(lastSequence).not.toHaveBeenCalled();

    positions.lastSeq.SAGA_REPLIES = 3;
    positions.replies = { ...consumer('orchestrator', ['saga.reply.>'], 2), pending: 1 };
    expect(await watch.repliesHandledBefore(at(2))).toEqual(at(1));
    expect(lastSequence).toHaveBeenCalledTimes(1);
    // The cut opened at 2 s (sequence 3) is still open: no new one, so no look at the stream.
    expect(await watch.repliesHandledBefore(at(3))).toEqual(at(1));
    expect(lastSequence).toHaveBeenCalledTimes(1);
    positions.replies = { ...positions.replies, ackFloorSeq: 3, pending: 1 };
    expect(await watch.repliesHandledBefore(at(4))).toEqual(at(2));
    expect(lastSequence).toHaveBeenCalledTimes(2);
  });

  it('holds reply timeouts for a while after a start and after the broker was unreachable', async () => {
    const positions = new Positions();
    const watch = new JetStreamDeliveryWatch(positions, 'orchestrator');
    const settle = REPLY_SETTLE_MS / 1_000;
    expect(await watch.repliesHandledBefore(at(0))).toEqual(new Date(0));
    expect(await watch.repliesHandledBefore(at(settle - 1))).toEqual(new Date(0));
    expect(await watch.repliesHandledBefore(at(settle))).toEqual(at(settle));

    // Out of the broker's reach, every request fails.
    const reachable = {
      consumer: positions.consumer.bind(positions),
      lastSequence: positions.lastSequence.bind(positions),
    };
    positions.consumer = () => Promise.reject(new Error('TIMEOUT'));
    positions.lastSequence = () => Promise.reject(new Error('TIMEOUT'));
    await expect(watch.repliesHandledBefore(at(settle + 1))).rejects.toThrow('TIMEOUT');
    Object.assign(positions, reachable);
    expect(await watch.repliesHandledBefore(at(settle + 2))).toEqual(new Date(0));
    expect(await watch.repliesHandledBefore(at(2 * settle + 2))).toEqual(at(2 * settle + 2));
  });
});
