/**
 * `npm run bench -- --sagas N --concurrency C` (DESIGN "Benchmark"): N order sagas through the
 * gateway, C in flight at a time (each client places its next order once its last saga ended),
 * 10% declined cards and 5% unsupported countries. Prints one JSON line on stdout and keeps it
 * in bench/results/. Runs against the platform at GATEWAY_URL, or starts one (and stops it).
 *
 * A saga's latency runs from sending its POST to receiving the orchestrator's SagaFinishedEvent for
 * it (see SagaFinishWatch); throughput is the sagas that ended over the load phase's wall time.
 * When every saga has ended, the composed GET /orders/{id} view of each shows whether every
 * service agrees (outside the measured time, so the check does not slow the load it measures).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayClient } from '../scripts/lib/gateway-client';
import { SagaFinishWatch } from '../scripts/lib/saga-finish-watch';
import type { TerminalSagaStatus } from '../scripts/lib/terminal-saga-status';
import { reachPlatform } from '../scripts/lib/platform-access';
import { runMain } from '../scripts/lib/run-main';
import { BENCH_USAGE, BenchOptions, BenchUsageError, parseBenchOptions } from './lib/bench-options';
import { SagaResult, summarize } from './lib/bench-summary';
import { mapConcurrently } from '@test/support';
import { BenchOrder, benchOrder } from './lib/order-mix';
import { judgeSaga } from './lib/saga-consistency';
import { PlatformMeter, STATS_SETTLE_MS } from './lib/platform-meter';
import { serviceDatabaseUrls } from '../scripts/lib/postgres-preflight';
import { type NatsConfig, SERVICE_NAMES, loadConfig } from '@app/config';

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');
/** How long the gateway gets to show a finished order with every part (no service timing out). */
const VIEW_TIMEOUT_MS = 30_000;
/** Composed views asked for at once when the run is over. */
const CHECK_CONCURRENCY = 16;

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }

  const platform = await reachPlatform({ logFile: join(ROOT, '.data', 'bench-platform.log') });
  const stopOnSignal = () => void platform.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    const gateway = new GatewayClient(platform.gatewayUrl);
    const watch = await SagaFinishWatch.open(platform.nats);
    const meter = await openMeter(platform.nats);
    try {
      // A platform just started still has its boot's statistics to flush (see STATS_SETTLE_MS).
      if (platform.startedHere) await sleep(STATS_SETTLE_MS);
      const summary = await runLoad(options, gateway, watch, meter);
      const line = JSON.stringify(summary);
      process.stdout.write(`${line}\n`);
      mkdirSync(RESULTS_DIR, { recursive: true });
      const file = join(
        RESULTS_DIR,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-sagas${options.sagas}-c${options.concurrency}.json`,
      );
      writeFileSync(file, `${line}\n`);
      process.stderr.write(`Saved to ${file}\n`);
      return summary.lost === 0 && summary.inconsistent === 0 ? 0 : 1;
    } finally {
      await meter.close();
      await watch.close();
    }
  } finally {
    await platform.stop();
  }
}

/** A saga of the run as the load phase saw it end: judged for consistency afterwards. */
type Ended =
  | { status: 'LOST' }
  | { status: TerminalSagaStatus; latencyMs: number; orderId: string; scenario: BenchOrder };

async function runLoad(
  options: BenchOptions,
  gateway: GatewayClient,
  watch: SagaFinishWatch,
  meter: PlatformMeter,
) {
  const runId = randomUUID().slice(0, 8);
  await meter.start();
  const started = performance.now();
  const ended = await mapConcurrently([...Array(options.sagas).keys()], options.concurrency, (index) =>
    runSaga(index, runId, options.sagaTimeoutMs, gateway, watch),
  );
  const elapsedMs = performance.now() - started;
  const costs = await meter.stop(options.sagas);
  const results = await mapConcurrently(ended, CHECK_CONCURRENCY, (saga) => judge(saga, gateway));
  return { ...summarize(options.concurrency, results, elapsedMs), ...costs };
}

/** The meter of the platform on this machine: its apps on their configured ports, its databases, its NATS. */
function openMeter(nats: NatsConfig): Promise<PlatformMeter> {
  const ports = loadConfig('gateway').ports;
  const server = nats.servers[0];
  const natsUrl = new URL(server.includes('://') ? server : `nats://${server}`);
  return PlatformMeter.open({
    nats,
    natsPort: Number(natsUrl.port || 4222),
    databaseUrls: serviceDatabaseUrls(process.env),
    appUrls: Object.fromEntries(
      SERVICE_NAMES.map((app) => [app, `http://127.0.0.1:${ports[app]}`]),
    ) as Record<(typeof SERVICE_NAMES)[number], string>,
  });
}

async function runSaga(
  index: number,
  runId: string,
  timeoutMs: number,
  gateway: GatewayClient,
  watch: SagaFinishWatch,
): Promise<Ended> {
  const order = benchOrder(index);
  const deadline = Date.now() + timeoutMs;
  const sent = performance.now();
  let placed: { orderId: string; sagaId: string };
  try {
    placed = await gateway.placeOrder(order.body, `bench-${runId}-${index}`, deadline);
  } catch (error) {
    process.stderr.write(`saga ${index} lost: ${(error as Error).message}\n`);
    return { status: 'LOST' };
  }
  const finished = await watch.finished(placed, deadline);
  if (!finished) {
    process.stderr.write(`saga ${index} lost: order ${placed.orderId} not terminal within ${timeoutMs} ms\n`);
    return { status: 'LOST' };
  }
  return {
    status: finished.status,
    latencyMs: finished.seenAt - sent,
    orderId: placed.orderId,
    scenario: order,
  };
}

/** The composed `GET /orders/{id}` view of an ended saga: does every service agree with its end? */
async function judge(saga: Ended, gateway: GatewayClient): Promise<SagaResult> {
  if (saga.status === 'LOST') return saga;
  const { orderId, scenario } = saga;
  const view = await gateway.completeView(orderId, Date.now() + VIEW_TIMEOUT_MS);
  if (!view) {
    process.stderr.write(`the gateway gave no complete view of order ${orderId} in time\n`);
    return { status: saga.status, latencyMs: saga.latencyMs, consistent: false };
  }
  const verdict = judgeSaga(view);
  if (!verdict.terminal) throw new Error(`order ${orderId} is ${view.saga?.status} after its saga ended`);
  if (verdict.problems.length > 0) {
    process.stderr.write(
      `order ${orderId} is inconsistent (${verdict.status}): ${verdict.problems.join('; ')}\n`,
    );
  }
  if (verdict.status !== scenario.expected) {
    process.stderr.write(
      `order ${orderId} (${scenario.scenario}) ended ${verdict.status}, expected ${scenario.expected}\n`,
    );
  }
  return { status: verdict.status, latencyMs: saga.latencyMs, consistent: verdict.problems.length === 0 };
}

if (require.main === module) runMain(main, 'npm run bench');
