/**
 * Saga transitions per second of one orchestrator process (the built app, as a child process)
 * on a private nats-server and a temporary database, with stub participants that answer every
 * command at once with success. A transition is one event applied to a saga and committed
 * (start, reply, deadline): each bumps the saga's row version once, so the total is their sum.
 *
 *   npx tsx bench/orchestrator-transitions.ts --sagas 2000 [--reply-concurrency 16] [--replicas 1]
 *
 * Prints one JSON line: {"sagas","transitions","seconds","transitionsPerSec",...}.
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { JetStreamPublisher, closeNats, connectNats, ensureStreams } from '@app/messaging';
import { createTestDatabase, pollUntil, startNatsServer, startStubParticipants } from '@test/support';
import {
  OrchestratorProcess,
  buildApps,
  startOrchestratorProcess,
} from '../apps/orchestrator/test/orchestrator-process';
import { publishStarts, startPayloads } from '../apps/orchestrator/test/saga-fleet';

const silent = { warn: () => undefined, error: () => undefined, log: () => undefined };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sagas: { type: 'string', default: '2000' },
      'reply-concurrency': { type: 'string', default: '16' },
      replicas: { type: 'string', default: '1' },
    },
  });
  const sagas = positiveInteger(values.sagas, '--sagas');
  const replyConcurrency = positiveInteger(values['reply-concurrency'], '--reply-concurrency');
  const replicaCount = positiveInteger(values.replicas, '--replicas');

  buildApps();
  const nats = await startNatsServer();
  const db = await createTestDatabase('bench_orchestrator');
  const client = new Client({ connectionString: db.url });
  const connection = await connectNats({ servers: [nats.url], streamReplicas: 1 }, 'bench', silent);
  const stubs = await startStubParticipants(nats.url);
  const replicas: OrchestratorProcess[] = [];
  try {
    await client.connect();
    await ensureStreams(connection, { replicas: 1 });
    const env = {
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      SAGA_REPLY_CONCURRENCY: String(replyConcurrency),
    };
    for (let i = 0; i < replicaCount; i++) replicas.push(await startOrchestratorProcess(env));

    const payloads = startPayloads(sagas);
    const started = performance.now();
    await publishStarts(new JetStreamPublisher(connection), payloads);
    const { transitions, completed } = await pollUntil(
      async () => {
        const { rows } = await client.query<{ finished: number; completed: number; transitions: number }>(
          `SELECT count(*) FILTER (WHERE "status" IN ('COMPLETED', 'COMPENSATED', 'FAILED'))::int AS "finished",
                  count(*) FILTER (WHERE "status" = 'COMPLETED')::int AS "completed",
                  COALESCE(sum("row_version"), 0)::int AS "transitions"
           FROM "orchestrator"."saga_instance"`,
        );
        return rows[0].finished === sagas ? rows[0] : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 20 },
      `${sagas} sagas to finish`,
    );
    const seconds = (performance.now() - started) / 1_000;
    console.log(
      JSON.stringify({
        sagas,
        replicas: replicaCount,
        replyConcurrency,
        completed,
        transitions,
        commands: stubs.distinct().length,
        seconds: round(seconds, 3),
        transitionsPerSec: Math.round(transitions / seconds),
        sagasPerSec: Math.round(sagas / seconds),
      }),
    );
  } finally {
    await Promise.all(replicas.map((replica) => replica.kill('SIGTERM')));
    await stubs.stop();
    await closeNats(connection);
    await client.end();
    await db.drop();
    await nats.dispose();
  }
}

function positiveInteger(value: string | undefined, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} must be a positive integer`);
  return parsed;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
