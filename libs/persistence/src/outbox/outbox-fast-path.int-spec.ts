import { pollUntil } from '@test/support';
import { OutboxFixture, OutboxUnderTest } from '../../test/outbox-fixture';
import { runBatchedTransaction } from '../batched-transaction';
import { enqueueOutbox } from './enqueue-outbox';
import { OutboxFastPath } from './outbox-fast-path';
import type { OutboxRecord } from './outbox-record';

/** Far beyond every wait below: whatever these tests see swept was swept by a transaction. */
const NO_IDLE_SWEEP_MS = 60_000;

describe('OutboxFastPath', () => {
  let fixture: OutboxFixture;
  let outbox: OutboxUnderTest;
  let fastPath: OutboxFastPath;

  beforeAll(async () => {
    fixture = await OutboxFixture.open('outbox_fast_path');
  });

  afterAll(() => fixture.dispose());

  const open = async (
    options: {
      publish?: (batch: OutboxRecord[]) => Promise<void>;
      idleSweepMs?: number;
      startPublish?: (publish: () => Promise<void>) => Promise<void>;
    } = {},
  ) => {
    outbox = await fixture.newOutbox();
    fastPath = new OutboxFastPath({
      query: (text, values) => fixture.dataSource.query(text, values),
      schema: outbox.schema,
      publish: options.publish ?? fixture.publishToJetStream,
      idleSweepMs: options.idleSweepMs ?? NO_IDLE_SWEEP_MS,
      startPublish: options.startPublish,
      logger: { warn: (message) => fixture.warnings.push(message) },
    });
  };

  afterEach(() => fastPath.stop());

  /** One command-like transaction: writes `records` without a NOTIFY and sweeps what was published before. */
  const commit = (records: OutboxRecord[], fail?: Error) =>
    runBatchedTransaction(fixture.dataSource, ['SELECT 1'], async (manager) => {
      await enqueueOutbox(manager, outbox.schema, records, { notify: false });
      await fastPath.sweepAtCommit(manager);
      if (fail) throw fail;
    });

  /** Starts a relay on the outbox and expects it to empty it, the stream then holding each of `records` once. */
  const expectRelayToPublishOnce = async (records: OutboxRecord[]) => {
    await fixture.relay(outbox.schema).start();
    await pollUntil(
      async () => (await fixture.pending(outbox.schema)) === 0,
      { timeoutMs: 5_000 },
      'the relay',
    );
    expect(await fixture.streamMessageIds(outbox.stream)).toEqual(records.map((record) => record.id));
  };

  it('publishes committed rows at once and deletes them with the next transaction’s COMMIT', async () => {
    await open();
    const first = outbox.records(2);
    await commit(first);

    await fastPath.publishCommitted(first);

    expect(await fixture.streamMessageIds(outbox.stream)).toEqual(first.map((record) => record.id));
    expect(await fixture.pending(outbox.schema)).toBe(2); // published, not swept yet

    const second = outbox.records(1);
    await commit(second);

    expect(await fixture.pending(outbox.schema)).toBe(1); // the first two went with that COMMIT
  });

  it('deletes published rows on its own when no transaction comes along', async () => {
    await open({ idleSweepMs: 10 });
    const records = outbox.records(3);
    await commit(records);

    await fastPath.publishCommitted(records);

    await pollUntil(
      async () => (await fixture.pending(outbox.schema)) === 0,
      { timeoutMs: 5_000 },
      'the idle sweep',
    );
  });

  it('leaves rows whose publish failed to the relay, which publishes each once', async () => {
    await open({
      publish: async () => {
        throw new Error('broker down');
      },
    });
    const records = outbox.records(2);
    await commit(records);

    await fastPath.publishCommitted(records);
    await commit([]);

    expect(await fixture.pending(outbox.schema)).toBe(2);
    expect(fixture.warnings.at(-1)).toMatch(/publish failed, the relay takes the rows over: broker down/);
    await expectRelayToPublishOnce(records);
  });

  it('keeps rows whose sweep rolled back, and a relay republishing them adds no duplicate to the stream', async () => {
    await open();
    const records = outbox.records(2);
    await commit(records);
    await fastPath.publishCommitted(records);

    await expect(commit(outbox.records(1), new Error('handler failed'))).rejects.toThrow('handler failed');

    expect(await fixture.pending(outbox.schema)).toBe(2);
    await expectRelayToPublishOnce(records);
  });

  it('sweeps what is left when stopped, and does nothing for an empty commit', async () => {
    await open();
    const records = outbox.records(2);
    await commit(records);
    await fastPath.publishCommitted([]);
    await fastPath.publishCommitted(records);

    await fastPath.stop();

    expect(await fixture.pending(outbox.schema)).toBe(0);
    expect(await fixture.streamMessageCount(outbox.stream)).toBe(2);
  });

  it('lets the caller start the publish later (startPublish), and waits for a publish under way when stopped', async () => {
    const started: Array<() => Promise<void>> = [];
    let releasePublish!: () => void;
    const publishGate = new Promise<void>((resolve) => (releasePublish = resolve));
    await open({
      startPublish: async (publish) => {
        started.push(publish);
      },
      publish: async (batch) => {
        await publishGate;
        await fixture.publishToJetStream(batch);
      },
    });
    const records = outbox.records(2);
    await commit(records);

    await fastPath.publishCommitted(records);
    expect(started).toHaveLength(1);
    expect(await fixture.streamMessageCount(outbox.stream)).toBe(0); // not started yet

    const publishing = started[0]();
    const stopped = fastPath.stop();
    releasePublish();
    await Promise.all([publishing, stopped]);

    expect(await fixture.streamMessageIds(outbox.stream)).toEqual(records.map((record) => record.id));
    expect(await fixture.pending(outbox.schema)).toBe(0); // stop waited for the publish, then swept
  });
});
