import { Headers } from '@app/contracts';
import { startMessagingFixture, type MessagingFixture } from '../test/messaging-fixture';
import { deadLetterMessage } from './dead-letter';
import { JetStreamDeadLetterStore } from './jetstream-dead-letter-store';
import { JetStreamPublisher } from './jetstream-publisher';

describe('JetStreamDeadLetterStore', () => {
  let fixture: MessagingFixture;
  let store: JetStreamDeadLetterStore;

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    store = new JetStreamDeadLetterStore(fixture.nc);
  });

  afterAll(async () => {
    await fixture.dispose();
  });

  /** Parks one message as a consumer would; returns its stream sequence. */
  async function park(originalId: string, sagaId: string): Promise<number> {
    const message = deadLetterMessage(
      {
        originalSubject: 'saga.cmd.test.do',
        headers: { [Headers.messageId]: originalId, [Headers.sagaId]: sagaId },
        payload: `{"n":"${originalId}"}`,
        reason: 'boom',
        deliveryCount: 1,
        consumer: 'test',
        failedAt: '2025-01-31T12:00:00.000Z',
      },
      originalId,
      1_048_576,
      new Date(),
    );
    const ack = await new JetStreamPublisher(fixture.nc).publishRaw(
      message.subject,
      message.headers,
      message.body,
      message.msgId,
    );
    return ack.seq;
  }

  it('lists nothing from an empty stream', async () => {
    await expect(store.list({ limit: 10 })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('pages through the letters oldest first, skipping deleted ones; removing twice finds nothing', async () => {
    const seqs = [];
    for (const [id, saga] of [
      ['m1', 's1'],
      ['m2', 's2'],
      ['m3', 's2'],
      ['m4', 's1'],
      ['m5', 's2'],
    ])
      seqs.push(await park(id, saga));

    const first = await store.list({ limit: 2 });
    expect(first.items.map((l) => l.id)).toEqual(seqs.slice(0, 2));
    expect(first.nextCursor).toBe(seqs[1]);
    const second = await store.list({ limit: 2, after: first.nextCursor! });
    expect(second.items.map((l) => l.id)).toEqual(seqs.slice(2, 4));
    const third = await store.list({ limit: 2, after: second.nextCursor! });
    expect(third).toMatchObject({ items: [{ id: seqs[4], sagaId: 's2' }], nextCursor: null });

    await expect(store.remove(seqs[1])).resolves.toBe(true);
    await expect(store.remove(seqs[1])).resolves.toBe(false);
    await expect(store.remove(999_999)).resolves.toBe(false);
    await expect(store.get(seqs[1])).resolves.toBeUndefined();
    await expect(store.get(999_999)).resolves.toBeUndefined();
    await expect(store.get(seqs[2])).resolves.toMatchObject({ id: seqs[2], payload: '{"n":"m3"}' });
    expect((await store.list({ limit: 10 })).items.map((l) => l.id)).toEqual([seqs[0], ...seqs.slice(2)]);
    await expect(store.list({ limit: 10, after: seqs[4] })).resolves.toEqual({ items: [], nextCursor: null });
    await expect(store.list({ limit: 10, after: 999_999 })).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('filters by saga within a bounded scan, carrying on where the scan stopped', async () => {
    const all = (await store.list({ limit: 10 })).items.map((l) => l.id);
    const bounded = new JetStreamDeadLetterStore(fixture.nc, { maxScan: 2 });

    const first = await bounded.list({ limit: 10, sagaId: 's1' });
    expect(first.items.map((l) => l.sagaId)).toEqual(['s1']);
    expect(first.nextCursor).toBe(all[1]);
    const second = await bounded.list({ limit: 10, sagaId: 's1', after: first.nextCursor! });
    expect(second.items.map((l) => l.sagaId)).toEqual(['s1']);
    expect(second.nextCursor).toBeNull();
    expect((await store.list({ limit: 10, sagaId: 's1' })).items.map((l) => l.id)).toEqual([
      first.items[0].id,
      second.items[0].id,
    ]);
  });
});
