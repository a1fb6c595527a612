import { Client } from 'pg';
import { expectEventually } from '@test/support';
import { OutboxFixture, deferred } from '../../test/outbox-fixture';
import { quoteIdent } from '../sql';
import { OutboxRecord, outboxChannel } from './outbox-record';

/** Far beyond every wait below: whatever gets published in these tests was woken by a NOTIFY. */
const NO_FALLBACK_MS = 60_000;
const PROMPTLY = { timeoutMs: 5_000 };

describe('OutboxRelay wake-ups', () => {
  let fixture: OutboxFixture;

  beforeAll(async () => {
    fixture = await OutboxFixture.open('outbox_wakeup');
  });

  afterAll(() => fixture.dispose());

  const expectPublished = (schema: string, stream: string, count: number) =>
    expectEventually(async () => {
      expect(await fixture.streamMessageCount(stream)).toBe(count);
      expect(await fixture.pending(schema)).toBe(0);
    }, PROMPTLY);

  it('publishes a committed row at once on NOTIFY, long before the fallback poll', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.relay(schema, { fallbackPollMs: NO_FALLBACK_MS }).start();

    await fixture.enqueue(schema, records(1));

    await expectPublished(schema, stream, 1);
  });

  it('finds rows inserted without a NOTIFY on its fallback poll', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.relay(schema, { fallbackPollMs: 100 }).start();
    const [row] = records(1);

    await fixture.dataSource.query(
      `INSERT INTO ${quoteIdent(schema)}.outbox (id, subject, headers, payload) VALUES ($1, $2, $3, $4)`,
      [row.id, row.subject, row.headers, row.payload],
    );

    await expectPublished(schema, stream, 1);
  });

  it('publishes what was committed before it started', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.enqueue(schema, records(4));

    await fixture.relay(schema, { fallbackPollMs: NO_FALLBACK_MS }).start();

    await expectPublished(schema, stream, 4);
  });

  it('keeps draining full batches after a single notification', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.relay(schema, { batchSize: 10, fallbackPollMs: NO_FALLBACK_MS }).start();

    await fixture.enqueue(schema, records(35)); // one transaction: one NOTIFY

    await expectPublished(schema, stream, 35);
  });

  it('runs another pass for a notification that arrives while a batch is being published', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const firstBatch = deferred();
    const gate = deferred();
    let calls = 0;
    await fixture
      .relay(schema, {
        fallbackPollMs: NO_FALLBACK_MS,
        publish: async (batch) => {
          if (++calls === 1) {
            firstBatch.resolve();
            await gate.promise;
          }
          await fixture.publishToJetStream(batch);
        },
      })
      .start();
    await fixture.enqueue(schema, records(1));
    await firstBatch.promise;

    const notification = await listenOnce(fixture.db.url, schema);
    await fixture.enqueue(schema, records(1));
    await notification.next; // the relay's LISTEN connection got the same one, mid-batch
    gate.resolve();

    await expectPublished(schema, stream, 2);
    expect(calls).toBe(2);
  });

  it('reconnects its LISTEN connection and catches up on what was committed meanwhile', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    await fixture.relay(schema, { fallbackPollMs: NO_FALLBACK_MS }).start();

    await fixture.killRelaySessions(schema, 'listen');
    await fixture.enqueue(schema, records(1));

    await expectPublished(schema, stream, 1);
    await fixture.enqueue(schema, records(1));
    await expectPublished(schema, stream, 2);
    expect(fixture.warnings.some((warning) => warning.includes(`${schema}: LISTEN connection lost`))).toBe(
      true,
    );
  });

  it('finishes the batch in progress on stop, and starts no other', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const batchStarted = deferred();
    const gate = deferred();
    const relay = fixture.relay(schema, {
      batchSize: 1,
      fallbackPollMs: NO_FALLBACK_MS,
      publish: async (batch: OutboxRecord[]) => {
        batchStarted.resolve();
        await gate.promise;
        await fixture.publishToJetStream(batch);
      },
    });
    await fixture.enqueue(schema, records(3));
    await relay.start();
    await batchStarted.promise;

    const stopped = relay.stop();
    gate.resolve();
    await stopped;

    expect(await fixture.streamMessageCount(stream)).toBe(1);
    expect(await fixture.pending(schema)).toBe(2);
  });

  it('refuses a second start', async () => {
    const { schema } = await fixture.newOutbox();
    const relay = fixture.relay(schema);
    await relay.start();
    await expect(relay.start()).rejects.toThrow('already started');
  });
});

/** Listens on the schema's outbox channel; `next` resolves with the next notification. */
async function listenOnce(url: string, schema: string): Promise<{ next: Promise<void> }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`LISTEN ${quoteIdent(outboxChannel(schema))}`);
  const next = new Promise<void>((resolve) => client.once('notification', () => resolve()));
  return { next: next.finally(() => client.end()) };
}
