/**
 * Outbox relay throughput: N committed rows drained to JetStream (msgID = row id, acks awaited).
 *
 *   npx tsx bench/outbox-relay.ts --rows 20000 [--batch-size 500]
 *
 * Uses a temporary database and its own nats-server, so it never touches a running platform.
 * Prints one JSON line: {"rows","batchSize","seconds","rowsPerSec"}.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { NatsConnection, connect, headers as natsHeaders } from 'nats';
import {
  OutboxRecord,
  OutboxRelay,
  createDataSource,
  createMessagingTables,
  enqueueOutbox,
  pendingOutboxCount,
} from '@app/persistence';
import { createTestDatabase, startNatsServer } from '@test/support';

const SCHEMA = 'bench';
const STREAM = 'BENCH_OUTBOX';
const ENQUEUE_CHUNK = 1_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '20000' }, 'batch-size': { type: 'string', default: '500' } },
  });
  const rows = positiveInteger(values.rows, '--rows');
  const batchSize = positiveInteger(values['batch-size'], '--batch-size');

  const db = await createTestDatabase('bench_outbox');
  const nats = await startNatsServer();
  const dataSource = createDataSource({ url: db.url, schema: SCHEMA });
  let nc: NatsConnection | undefined;
  let relay: OutboxRelay | undefined;
  try {
    await dataSource.initialize();
    await createMessagingTables(dataSource, SCHEMA);
    nc = await connect({ servers: nats.url, name: 'bench-outbox-relay' });
    await (await nc.jetstreamManager()).streams.add({ name: STREAM, subjects: ['bench.outbox.>'] });
    for (let from = 0; from < rows; from += ENQUEUE_CHUNK) {
      const chunk = Array.from({ length: Math.min(ENQUEUE_CHUNK, rows - from) }, (_, i) =>
        sampleRecord(from + i),
      );
      await dataSource.transaction((manager) => enqueueOutbox(manager, SCHEMA, chunk));
    }

    const js = nc.jetstream();
    let published = 0;
    let allPublished!: () => void;
    const done = new Promise<void>((resolve) => (allPublished = resolve));
    relay = new OutboxRelay({
      url: db.url,
      schema: SCHEMA,
      batchSize,
      publish: async (batch) => {
        await Promise.all(
          batch.map((record) =>
            js.publish(record.subject, JSON.stringify(record.payload), {
              msgID: record.id,
              headers: toNatsHeaders(record.headers),
            }),
          ),
        );
      },
      onPublished: (count) => {
        published += count;
        if (published >= rows) allPublished();
      },
    });
    const started = process.hrtime.bigint();
    await relay.start();
    await done;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    const stored = (await (await nc.jetstreamManager()).streams.info(STREAM)).state.messages;
    const left = await pendingOutboxCount(dataSource, SCHEMA);
    if (stored !== rows || left !== 0)
      throw new Error(`stream holds ${stored} of ${rows} rows, ${left} left in outbox`);
    console.log(
      JSON.stringify({ rows, batchSize, seconds: round(seconds, 3), rowsPerSec: Math.round(rows / seconds) }),
    );
  } finally {
    await relay?.stop();
    await nc?.close();
    await nats.dispose();
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  }
}

/** Shaped like a saga command: a small JSON body and the envelope headers. */
function sampleRecord(n: number): OutboxRecord {
  const id = randomUUID();
  const sagaId = randomUUID();
  return {
    id,
    subject: 'bench.outbox.inventory.reserve',
    headers: {
      'saga-id': sagaId,
      'correlation-id': sagaId,
      'causation-id': randomUUID(),
      'message-type': 'inventory.reserve',
      'message-version': '1',
      'occurred-at': new Date().toISOString(),
      traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
    },
    payload: {
      orderId: randomUUID(),
      items: [
        { sku: `SKU-${String((n % 100) + 1).padStart(3, '0')}`, quantity: 2 },
        { sku: 'SKU-042', quantity: 1 },
      ],
    },
  };
}

function toNatsHeaders(headers: Record<string, string>) {
  const result = natsHeaders();
  for (const [name, value] of Object.entries(headers)) result.set(name, value);
  return result;
}

function positiveInteger(value: string | undefined, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${flag} must be a positive integer, got ${value}`);
  return parsed;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
