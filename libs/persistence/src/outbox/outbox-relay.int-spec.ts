import { expectEventually, pollUntil } from '@test/support';
import { OutboxFixture, countBy, deferred } from '../../test/outbox-fixture';
import { enqueueOutbox } from './enqueue-outbox';
import { OutboxRecord } from './outbox-record';

describe('OutboxRelay delivery', () => {
  let fixture: OutboxFixture;

  beforeAll(async () => {
    fixture = await OutboxFixture.open('outbox_relay');
  });

  afterAll(() => fixture.dispose());

  /** Every row of `records` is in the stream exactly once, and the outbox is empty. */
  const expectPublishedOnce = async (
    schema: string,
    stream: string,
    records: OutboxRecord[],
  ): Promise<string[]> => {
    await expectEventually(async () => {
      expect(await fixture.pending(schema)).toBe(0);
      expect(await fixture.streamMessageCount(stream)).toBe(records.length);
    });
    const ids = await fixture.streamMessageIds(stream);
    expect(ids).toHaveLength(records.length);
    expect(new Set(ids)).toEqual(new Set(records.map((record) => record.id)));
    return ids;
  };

  it('publishes 1,000 committed rows exactly once, as enqueued and in order, then empties the table', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const handed: OutboxRecord[] = [];
    let published = 0;
    const relay = fixture.relay(schema, {
      batchSize: 100,
      publish: async (batch) => {
        handed.push(...batch);
        await fixture.publishToJetStream(batch);
      },
      onPublished: (count) => (published += count),
    });
    await relay.start();
    const rows = records(1_000);

    await fixture.enqueue(schema, rows);

    const ids = await expectPublishedOnce(schema, stream, rows);
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(handed).toEqual(rows);
    expect(published).toBe(1_000);
  });

  it('loses nothing when a relay fails after publishing half a batch and a fresh relay takes over', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const rows = records(100);
    await fixture.enqueue(schema, rows);
    let attempts = 0;
    const crashing = fixture.relay(schema, {
      batchSize: 100,
      publish: async (batch) => {
        attempts += 1;
        await fixture.publishToJetStream(batch.slice(0, batch.length / 2));
        throw new Error('broker connection lost mid-batch');
      },
    });
    await crashing.start();
    await pollUntil(() => attempts > 0, {}, 'the crashing relay to try a batch');
    await crashing.stop();
    expect(await fixture.pending(schema)).toBe(100);
    expect(await fixture.streamMessageCount(stream)).toBe(50);

    await fixture.relay(schema).start();

    await expectPublishedOnce(schema, stream, rows);
  });

  it('loses nothing when a relay hangs mid-batch and dies without committing', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const rows = records(100);
    await fixture.enqueue(schema, rows);
    const halfPublished = deferred();
    const hang = deferred();
    const abandoned = fixture.relay(schema, {
      batchSize: 100,
      publish: async (batch) => {
        await fixture.publishToJetStream(batch.slice(0, batch.length / 2));
        halfPublished.resolve();
        await hang.promise;
      },
    });
    await abandoned.start();
    await halfPublished.promise;

    await fixture.killRelaySessions(schema, 'all');
    await fixture.relay(schema, { fallbackPollMs: 100 }).start();

    await expectPublishedOnce(schema, stream, rows);
    hang.resolve(); // the abandoned relay wakes up on a dead connection: its commit must fail
    await abandoned.stop();
    expect(fixture.warnings.some((warning) => warning.includes(`outbox relay ${schema}: batch failed`))).toBe(
      true,
    );
    expect(await fixture.streamMessageCount(stream)).toBe(100);
  });

  it('hands each row to exactly one of two relays sharing the table', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const rows = records(1_000);
    await fixture.enqueue(schema, rows);
    const handedTo = { a: [] as string[], b: [] as string[] };
    // Each relay's first batch waits for the other's: with FOR UPDATE SKIP LOCKED both get one at once.
    const port = (name: 'a' | 'b') => async (batch: OutboxRecord[]) => {
      handedTo[name].push(...batch.map((record) => record.id));
      await pollUntil(
        () => handedTo.a.length > 0 && handedTo.b.length > 0,
        {},
        'both relays holding a batch',
      );
      await fixture.publishToJetStream(batch);
    };
    const relays = [
      fixture.relay(schema, { batchSize: 50, publish: port('a') }),
      fixture.relay(schema, { batchSize: 50, publish: port('b') }),
    ];

    await Promise.all(relays.map((relay) => relay.start()));

    await expectPublishedOnce(schema, stream, rows);
    const handed = countBy([...handedTo.a, ...handedTo.b]);
    expect(handed.size).toBe(1_000);
    expect([...handed.values()].every((count) => count === 1)).toBe(true);
  });

  it('gives up on a publish that hangs past publishTimeoutMs, and retries the batch', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    let calls = 0;
    const relay = fixture.relay(schema, {
      publishTimeoutMs: 100,
      publish: async (batch) => {
        if (++calls === 1) return new Promise<void>(() => undefined);
        await fixture.publishToJetStream(batch);
      },
    });
    await relay.start();
    const rows = records(3);

    await fixture.enqueue(schema, rows);

    await expectPublishedOnce(schema, stream, rows);
    expect(fixture.warnings.some((warning) => warning.includes('publish did not finish within 100 ms'))).toBe(
      true,
    );
  });

  it('retries a failed publish after a backoff', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    let failuresLeft = 2;
    const relay = fixture.relay(schema, {
      publish: async (batch) => {
        if (failuresLeft-- > 0) throw new Error('no responders');
        await fixture.publishToJetStream(batch);
      },
    });
    await relay.start();
    const rows = records(10);

    await fixture.enqueue(schema, rows);

    await expectPublishedOnce(schema, stream, rows);
    expect(failuresLeft).toBeLessThan(0);
  });

  it('publishes nothing that was enqueued in a rolled-back transaction', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.relay(schema, { fallbackPollMs: 50 }).start();
    const [rolledBack, committed] = [records(5), records(1)];

    await expect(
      fixture.dataSource.transaction(async (manager) => {
        await enqueueOutbox(manager, schema, rolledBack);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await fixture.enqueue(schema, committed);

    // The later commit is published, so the relay has looked at the table since the rollback.
    await expectPublishedOnce(schema, stream, committed);
  });

  it('counts what waits to be published and ignores an empty enqueue', async () => {
    const { schema, records } = await fixture.newOutbox();
    await fixture.enqueue(schema, []);
    expect(await fixture.pending(schema)).toBe(0);
    await fixture.enqueue(schema, records(3));
    expect(await fixture.pending(schema)).toBe(3);
  });
});
