/**
 * `npm run demo`: places one order per outcome of the demo domain (happy path, out of stock,
 * declined card, insufficient funds, processing error retried, payment timeout, unsupported
 * country) through the gateway, and returns part of two completed orders (one refunded, one
 * rejected as its refund is declined); waits for each saga to end, and prints each saga's timeline
 * from the orchestrator's admin API. Runs against the platform at GATEWAY_URL (admin API at
 * ORCHESTRATOR_URL, token in ADMIN_TOKEN), or starts one and stops it afterwards.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AdminApiClient } from './cli/admin-api';
import { formatSagaTimeline } from './cli/saga-timeline';
import { DEMO_RETURN_SCENARIOS, type DemoReturnScenario } from './lib/demo-return-scenarios';
import { DEMO_SCENARIOS, DemoScenario } from './lib/demo-scenarios';
import { GatewayClient } from './lib/gateway-client';
import { reachPlatform } from './lib/platform-access';
import { ReturnGatewayClient } from './lib/return-gateway-client';
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

interface ReturnOutcome {
  scenario: DemoReturnScenario;
  orderId: string;
  /** Set once the order completed and its return was accepted. */
  returnId?: string;
  sagaId?: string;
  /** The return's saga status, or what kept the return from being made. */
  sagaStatus: string;
  status?: string;
  refundCents?: number | null;
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
      console.log(
        `Placing ${DEMO_SCENARIOS.length} orders, one per outcome, and ${DEMO_RETURN_SCENARIOS.length} returns at ${platform.gatewayUrl}…\n`,
      );
      const returns = new ReturnGatewayClient(platform.gatewayUrl);
      const [outcomes, returnOutcomes] = await Promise.all([
        Promise.all(DEMO_SCENARIOS.map((scenario) => runScenario(scenario, gateway, watch))),
        Promise.all(
          DEMO_RETURN_SCENARIOS.map((scenario) => runReturnScenario(scenario, gateway, returns, watch)),
        ),
      ]);
      for (const [index, outcome] of outcomes.entries()) {
        const saga = await admin.saga(outcome.sagaId);
        console.log(heading(index + 1, outcome));
        console.log(`   order ${outcome.orderId}, saga ${outcome.sagaId}`);
        console.log(`${formatSagaTimeline(saga).join('\n')}\n`);
      }
      for (const [index, outcome] of returnOutcomes.entries()) {
        console.log(returnHeading(outcomes.length + index + 1, outcome));
        console.log(
          `   order ${outcome.orderId}, return ${outcome.returnId ?? '-'}, saga ${outcome.sagaId ?? '-'}`,
        );
        if (outcome.sagaId) console.log(`${formatSagaTimeline(await admin.saga(outcome.sagaId)).join('\n')}`);
        console.log('');
      }
      const unexpected = [
        ...outcomes.filter((outcome) => outcome.status !== outcome.scenario.expected),
        ...returnOutcomes.filter((outcome) => !returnAsExpected(outcome)),
      ];
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

/**
 * Places the scenario's order, waits for it to complete (only an APPROVED order can be
 * returned), then requests its return and waits for the return's saga to end, reading the
 * return through the gateway as a client would.
 */
async function runReturnScenario(
  scenario: DemoReturnScenario,
  gateway: GatewayClient,
  returns: ReturnGatewayClient,
  watch: SagaFinishWatch,
): Promise<ReturnOutcome> {
  const deadline = Date.now() + SAGA_TIMEOUT_MS;
  const placed = await gateway.placeOrder(scenario.order, `demo-${randomUUID()}`, deadline);
  const ordered = await watch.finished(placed, deadline);
  if (ordered?.status !== 'COMPLETED') {
    const orderSaga = ordered?.status ?? 'still running';
    return { scenario, orderId: placed.orderId, sagaStatus: `order saga ${orderSaga}`, elapsedMs: 0 };
  }
  const started = performance.now();
  const { returnId, sagaId } = await returns.requestReturn(
    placed.orderId,
    scenario.return,
    `demo-${randomUUID()}`,
    deadline,
  );
  const settled = await returns.settledReturn(placed.orderId, returnId, deadline);
  return {
    scenario,
    orderId: placed.orderId,
    returnId,
    sagaId,
    sagaStatus: settled?.saga?.status ?? `still running after ${SAGA_TIMEOUT_MS / 1_000} s`,
    status: settled?.status,
    refundCents: settled?.refundCents,
    elapsedMs: performance.now() - started,
  };
}

function returnAsExpected({ scenario, sagaStatus, status }: ReturnOutcome): boolean {
  return sagaStatus === scenario.expected.saga && status === scenario.expected.status;
}

function returnHeading(position: number, outcome: ReturnOutcome): string {
  const { expected } = outcome.scenario;
  const verdict = returnAsExpected(outcome) ? '' : ` (expected ${expected.status}, saga ${expected.saga})`;
  const refund = outcome.status === 'REFUNDED' ? `, ${outcome.refundCents} cents refunded` : '';
  return `${position}. ${outcome.scenario.title}: ${outcome.status ?? '-'}${refund}, saga ${outcome.sagaStatus}${verdict} after ${Math.round(outcome.elapsedMs)} ms`;
}

function heading(position: number, outcome: Outcome): string {
  const verdict =
    outcome.status === outcome.scenario.expected ? '' : ` (expected ${outcome.scenario.expected})`;
  return `${position}. ${outcome.scenario.title}: ${outcome.status}${verdict} after ${Math.round(outcome.elapsedMs)} ms`;
}

if (require.main === module) runMain(main, 'npm run demo');
