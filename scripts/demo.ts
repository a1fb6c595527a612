/**
 * `npm run demo`: places one order per outcome of the demo domain (happy path, out of stock,
 * declined card, insufficient funds, processing error retried, payment timeout, unsupported
 * country) through the gateway, waits for each saga to end, and prints each saga's timeline
 * from the orchestrator's admin API. Runs against the platform at GATEWAY_URL (admin API at
 * ORCHESTRATOR_URL, token in ADMIN_TOKEN), or starts one and stops it afterwards.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AdminApiClient } from './cli/admin-api';
import { formatSagaTimeline } from './cli/saga-timeline';
import { DEMO_SCENARIOS, DemoScenario } from './lib/demo-scenarios';
import { GatewayClient } from './lib/gateway-client';
import { reachPlatform } from './lib/platform-access';
import { runMain } from './lib/run-main';
import { SagaFinishWatch } from './lib/saga-finish-watch';

/** Covers the payment timeout (5 s by default) and its compensations with room to spare. */
const SAGA_TIMEOUT_MS = 120_000;

interface Outcome {
  scenario: DemoScenario;
  orderId: string;
  sagaId: string;
  status: string;
  elapsedMs: number;
}

async function main(): Promise<number> {
  const platform = await reachPlatform({ logFile: join(__dirname, '..', '.data', 'demo-platform.log') });
  const stopOnSignal = () => void platform.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  try {
    if (!platform.adminToken) {
      throw new Error(
        'ADMIN_TOKEN is not set: export the admin token `npm start` printed, then run the demo again',
      );
    }
    const gateway = new GatewayClient(platform.gatewayUrl);
    const admin = new AdminApiClient(platform.orchestratorUrl, platform.adminToken);
    const watch = await SagaFinishWatch.open(platform.nats);
    try {
      console.log(`Placing ${DEMO_SCENARIOS.length} orders, one per outcome, at ${platform.gatewayUrl}…\n`);
      const outcomes = await Promise.all(
        DEMO_SCENARIOS.map((scenario) => runScenario(scenario, gateway, watch)),
      );
      for (const [index, outcome] of outcomes.entries()) {
        const saga = await admin.saga(outcome.sagaId);
        console.log(heading(index + 1, outcome));
        console.log(`   order ${outcome.orderId}, saga ${outcome.sagaId}`);
        console.log(`${formatSagaTimeline(saga).join('\n')}\n`);
      }
      const unexpected = outcomes.filter((outcome) => outcome.status !== outcome.scenario.expected);
      if (unexpected.length > 0) {
        console.log(
          `${unexpected.length} saga(s) did not end as expected: ${unexpected.map((o) => o.scenario.title).join(', ')}`,
        );
        return 1;
      }
      console.log('Every saga ended as expected.');
      return 0;
    } finally {
      await watch.close();
    }
  } finally {
    await platform.stop();
  }
}

async function runScenario(
  scenario: DemoScenario,
  gateway: GatewayClient,
  watch: SagaFinishWatch,
): Promise<Outcome> {
  const deadline = Date.now() + SAGA_TIMEOUT_MS;
  const started = performance.now();
  const { orderId, sagaId } = await gateway.placeOrder(scenario.order, `demo-${randomUUID()}`, deadline);
  const finished = await watch.finished({ orderId, sagaId }, deadline);
  return {
    scenario,
    orderId,
    sagaId,
    status: finished?.status ?? `still running after ${SAGA_TIMEOUT_MS / 1_000} s`,
    elapsedMs: finished ? finished.seenAt - started : SAGA_TIMEOUT_MS,
  };
}

function heading(position: number, outcome: Outcome): string {
  const verdict =
    outcome.status === outcome.scenario.expected ? '' : ` (expected ${outcome.scenario.expected})`;
  return `${position}. ${outcome.scenario.title}: ${outcome.status}${verdict} after ${Math.round(outcome.elapsedMs)} ms`;
}

if (require.main === module) runMain(main, 'npm run demo');
