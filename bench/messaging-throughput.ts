/**
 * JetStream round trip of libs/messaging on a private nats-server: messages published with
 * `publishBatch` while one `JetStreamConsumer` handles them (validation, context, span, ack).
 *
 *   npx tsx bench/messaging-throughput.ts --messages 20000 --concurrency 64 --batch 500
 *
 * Prints one JSON line: publish rate, end-to-end rate and latency percentiles (publish → handler).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { IsInt, IsString } from 'class-validator';
import { defineContract } from '@app/contracts';
import {
  JetStreamConsumer,
  closeNats,
  connectNats,
  JetStreamPublisher,
  MessageHandler,
  ensureConsumer,
  ensureStreams,
  handlersByType,
} from '@app/messaging';
import { pollUntil, startNatsServer } from '@test/support';

class BenchPayload {
  @IsString() orderId: string;
  @IsInt() index: number;
}

const BenchCommand = defineContract({
  type: 'bench.ping',
  kind: 'command',
  subject: 'saga.cmd.bench.ping',
  version: 1,
  payload: BenchPayload,
  description: 'Benchmark message',
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '64' },
      batch: { type: 'string', default: '500' },
    },
  });
  const total = Number(values.messages);
  const concurrency = Number(values.concurrency);
  const batchSize = Number(values.batch);

  const server = await startNatsServer();
  const quiet = { warn: () => undefined, error: () => undefined };
  const nc = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'messaging-bench', quiet);
  try {
    await ensureStreams(nc, { replicas: 1 });
    await ensureConsumer(nc, {
      stream: 'SAGA_COMMANDS',
      durable: 'bench',
      filterSubjects: [BenchCommand.subject],
      maxAckPending: 10_000,
    });
    const latencies: number[] = [];
    const handler: MessageHandler<BenchPayload> = {
      contract: BenchCommand,
      handle: async (envelope) => {
        latencies.push(Date.now() - Date.parse(envelope.occurredAt));
      },
    };
    const consumer = new JetStreamConsumer(nc, {
      stream: 'SAGA_COMMANDS',
      durable: 'bench',
      handlers: handlersByType(handler),
      concurrency,
      logger: quiet,
    });
    await consumer.start();

    const publisher = new JetStreamPublisher(nc);
    const started = performance.now();
    for (let offset = 0; offset < total; offset += batchSize) {
      const count = Math.min(batchSize, total - offset);
      await publisher.publishBatch(
        Array.from({ length: count }, (_, i) => ({
          subject: BenchCommand.subject,
          payload: { orderId: randomUUID(), index: offset + i },
          messageId: randomUUID(),
          type: BenchCommand.type,
          version: BenchCommand.version,
        })),
      );
    }
    const publishedMs = performance.now() - started;
    await pollUntil(
      () => latencies.length >= total,
      { timeoutMs: 600_000, intervalMs: 20 },
      'every message handled',
    );
    const handledMs = performance.now() - started;
    await consumer.stop();

    latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    process.stdout.write(
      `${JSON.stringify({
        messages: total,
        concurrency,
        batch: batchSize,
        publishPerSec: Math.round(total / (publishedMs / 1_000)),
        handledPerSec: Math.round(total / (handledMs / 1_000)),
        p50Ms: percentile(50),
        p95Ms: percentile(95),
        p99Ms: percentile(99),
      })}\n`,
    );
  } finally {
    await closeNats(nc);
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`messaging-throughput: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
