/**
 * `npm run bench -- --sagas N --concurrency C` (DESIGN "Benchmark"): N order sagas through the
 * gateway, C in flight at a time (each client places its next order once its last saga ended),
 * 10% declined cards and 5% unsupported countries. Prints one JSON line on stdout and keeps it
 * in bench/results/. Runs against the platform at GATEWAY_URL, or starts one (and stops it).
 *
 * A saga's latency runs from sending its POST to the orchestrator first answering, for its order,
 * with a terminal saga status (GetSagaByOrderQuery over NATS, asked when the order service's
 * approved/cancelled event says the end is near, see SagaFinishWatch). Then the composed
 * GET /orders/{id} view, outside the measured time, shows whether every service agrees.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayClient } from '../scripts/lib/gateway-client';
import { SagaFinishWatch } from '../scripts/lib/saga-finish-watch';
import { reachPlatform } from '../scripts/lib/platform-access';
import { runMain } from '../scripts/lib/run-main';
import { BENCH_USAGE, BenchOptions, BenchUsageError, parseBenchOptions } from './lib/bench-options';
import { SagaResult, summarize } from './lib/bench-summary';
import { benchOrder } from './lib/order-mix';
import { judgeSaga } from './lib/saga-consistency';

const ROOT = join(__dirname, '..');
const RESULTS_DIR = join(__dirname, 'results');
/** How long the gateway gets to show a finished order with every part (no service timing out). */
const VIEW_TIMEOUT_MS = 30_000;

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
    try {
      const summary = await runLoad(options, gateway, watch);
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
      await watch.close();
    }
  } finally {
    await platform.stop();
  }
}

async function runLoad(options: BenchOptions, gateway: GatewayClient, watch: SagaFinishWatch) {
  const runId = randomUUID().slice(0, 8);
  const results: SagaResult[] = new Array(options.sagas);
  let next = 0;
  const client = async () => {
    for (let index = next++; index < options.sagas; index = next++) {
      results[index] = await runSaga(index, runId, options.sagaTimeoutMs, gateway, watch);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return summarize(options.concurrency, results, performance.now() - started);
}

async function runSaga(
  index: number,
  runId: string,
  timeoutMs: number,
  gateway: GatewayClient,
  watch: SagaFinishWatch,
): Promise<SagaResult> {
  const order = benchOrder(index);
  const deadline = Date.now() + timeoutMs;
  const sent = performance.now();
  let orderId: string;
  try {
    ({ orderId } = await gateway.placeOrder(order.body, `bench-${runId}-${index}`, deadline));
  } catch (error) {
    process.stderr.write(`saga ${index} lost: ${(error as Error).message}\n`);
    return { status: 'LOST' };
  }
  const finished = await watch.finished(orderId, deadline);
  if (!finished) {
    process.stderr.write(`saga ${index} lost: order ${orderId} not terminal within ${timeoutMs} ms\n`);
    return { status: 'LOST' };
  }
  const view = await gateway.completeView(orderId, Date.now() + VIEW_TIMEOUT_MS);
  if (!view) {
    process.stderr.write(`saga ${index}: the gateway gave no complete view of order ${orderId} in time\n`);
    return { status: finished.status, latencyMs: finished.seenAt - sent, consistent: false };
  }
  const verdict = judgeSaga(view);
  if (!verdict.terminal) throw new Error(`order ${orderId} is ${view.saga?.status} after its saga ended`);
  if (verdict.problems.length > 0) {
    process.stderr.write(
      `order ${orderId} is inconsistent (${verdict.status}): ${verdict.problems.join('; ')}\n`,
    );
  }
  if (verdict.status !== order.expected) {
    process.stderr.write(
      `order ${orderId} (${order.scenario}) ended ${verdict.status}, expected ${order.expected}\n`,
    );
  }
  return {
    status: verdict.status,
    latencyMs: finished.seenAt - sent,
    consistent: verdict.problems.length === 0,
  };
}

if (require.main === module) runMain(main, 'npm run bench');
