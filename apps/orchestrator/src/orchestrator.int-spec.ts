import { randomUUID } from 'node:crypto';
import {
  GetSagaByBusinessKeyQuery,
  GetSagaByOrderQuery,
  Headers,
  ReserveInventoryReply,
  SagaFinishedEvent,
} from '@app/contracts';
import { StartOrderReturn, type StartOrderReturnPayload } from '@app/order-return';
import { requestQuery } from '@app/messaging';
import type { StubAnswer, StubCommand } from '@test/support';
import { expectEventually, pollUntil } from '@test/support';
import { OrchestratorHarness, startOrchestratorHarness } from '../test/orchestrator-harness';

const FORWARD = [
  'order.create',
  'inventory.reserve',
  'payment.authorize',
  'shipping.schedule',
  'payment.capture',
  'order.approve',
];
const declined: StubAnswer = { outcome: 'BUSINESS_FAILURE', error: { code: 'DECLINED', message: 'no' } };
const transient: StubAnswer = { outcome: 'TRANSIENT_FAILURE', error: { code: 'BUSY', message: 'later' } };
const ok: StubAnswer = { outcome: 'SUCCESS' };

describe('orchestrator with stub participants', () => {
  let harness: OrchestratorHarness;

  beforeAll(async () => {
    harness = await startOrchestratorHarness('orchestrator_flows');
  });

  afterAll(async () => {
    await harness.stop();
  });

  /** Starts a saga whose participants follow `script`; returns its ids. */
  async function startSaga(script?: (command: StubCommand) => StubAnswer) {
    const payload = harness.startPayload();
    if (script) harness.scripts.set(payload.orderId, script);
    const startMessageId = await harness.publishStart(payload);
    return { ...payload, startMessageId };
  }

  const commandsOf = (sagaId: string) =>
    harness.stubs.distinct().filter((command) => command.sagaId === sagaId);
  const typesOf = (sagaId: string) => commandsOf(sagaId).map((command) => command.type);

  it('completes a saga whose participants all succeed, sending the six commands in order', async () => {
    const { sagaId, startMessageId } = await startSaga();

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPLETED');
    expect(saga.instance.steps.map((step) => [step.status, step.attempts])).toEqual(
      FORWARD.map(() => ['SUCCEEDED', 1]),
    );
    expect(saga.instance.deadline).toBeNull();
    const commands = commandsOf(sagaId);
    expect(commands.map((command) => command.type)).toEqual(FORWARD);
    expect(commands.every((command) => command.headers[Headers.correlationId] === `corr-${sagaId}`)).toBe(
      true,
    );
    expect(commands[0].headers[Headers.causationId]).toBe(startMessageId);
    const sentIds = saga.timeline
      .filter((entry) => entry.kind === 'command-sent')
      .map((e) => e.detail.commandId);
    expect(commands.map((command) => command.messageId)).toEqual(sentIds);
    expect(saga.timeline.map((entry) => entry.seq)).toEqual(saga.timeline.map((_, i) => i + 1));
    expect(saga.timeline.at(-1)).toMatchObject({ kind: 'saga-finished', detail: { status: 'COMPLETED' } });
  });

  it('publishes SagaFinishedEvent with the end status of a completed and of a compensated saga', async () => {
    const finished: unknown[] = [];
    const subscription = harness.connection.subscribe(SagaFinishedEvent.subject, {
      callback: (_error, message) => finished.push(message.json()),
    });
    await harness.connection.flush();
    try {
      const completed = await startSaga();
      const compensated = await startSaga((command) =>
        command.type === 'payment.authorize' ? declined : ok,
      );

      await expectEventually(() =>
        expect(finished).toEqual(
          expect.arrayContaining([
            { sagaId: completed.sagaId, sagaType: 'order-fulfillment', status: 'COMPLETED' },
            { sagaId: compensated.sagaId, sagaType: 'order-fulfillment', status: 'COMPENSATED' },
          ]),
        ),
      );
    } finally {
      subscription.unsubscribe();
    }
  });

  it.each([
    ['order.create', []],
    ['inventory.reserve', ['order.cancel']],
    ['payment.authorize', ['inventory.release', 'order.cancel']],
    ['shipping.schedule', ['payment.void', 'inventory.release', 'order.cancel']],
  ])('compensates a business failure of %s in reverse order: %j', async (failing, compensations) => {
    const { sagaId } = await startSaga((command) => (command.type === failing ? declined : ok));

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPENSATED');
    const forward = FORWARD.slice(0, FORWARD.indexOf(failing) + 1);
    expect(typesOf(sagaId)).toEqual([...forward, ...compensations]);
    const failed = saga.instance.steps[forward.length - 1];
    expect(failed).toMatchObject({ status: 'FAILED', error: { code: 'DECLINED' } });
    expect(saga.instance.steps.slice(forward.length).every((step) => step.status === 'SKIPPED')).toBe(true);
  });

  it.each(['payment.capture', 'order.approve'])(
    'retries %s after the pivot until it succeeds, never compensating',
    async (failing) => {
      const { sagaId } = await startSaga((command) =>
        command.type === failing && command.attempt <= 2 ? declined : ok,
      );

      const saga = await harness.waitForTerminal(sagaId);

      expect(saga.instance.status).toBe('COMPLETED');
      expect(typesOf(sagaId).filter((type) => type === failing)).toHaveLength(3);
      expect(typesOf(sagaId)).not.toEqual(expect.arrayContaining(['payment.void', 'order.cancel']));
    },
  );

  it('takes the reply to a command replayed from the dead letters as the answer to the command it sent', async () => {
    const { sagaId, orderId } = await startSaga((command) =>
      command.type === 'inventory.reserve' ? 'no-reply' : ok,
    );
    const reserve = await pollUntil(
      () => commandsOf(sagaId).find((command) => command.type === 'inventory.reserve'),
      { timeoutMs: 5_000 },
      'the inventory.reserve command',
    );

    // What the participant answers once an operator replayed the command (replayOf's id).
    await harness.publisher.publish({
      subject: ReserveInventoryReply.subject,
      type: ReserveInventoryReply.type,
      version: ReserveInventoryReply.version,
      messageId: randomUUID(),
      sagaId,
      correlationId: `corr-${sagaId}`,
      causationId: `${reserve.messageId}:replay:7`,
      payload: { outcome: 'SUCCESS', result: { reservationId: randomUUID() } },
    });

    const saga = await harness.waitForTerminal(sagaId);
    expect(saga.instance.status).toBe('COMPLETED');
    expect(typesOf(sagaId)).toEqual(FORWARD);
    expect(harness.stubs.timesSeen('inventory.reserve', orderId)).toBe(1);
  });

  it('retries transient failures with backoff, then carries on', async () => {
    const { sagaId } = await startSaga((command) =>
      command.type === 'payment.authorize' && command.attempt <= 2 ? transient : ok,
    );

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPLETED');
    expect(saga.instance.steps[2]).toMatchObject({
      name: 'authorize-payment',
      attempts: 3,
      status: 'SUCCEEDED',
    });
    const retries = saga.timeline.filter((entry) => entry.kind === 'retry-scheduled');
    expect(retries.map((entry) => entry.detail.nextAttempt)).toEqual([2, 3]);
    const authorizations = commandsOf(sagaId).filter((command) => command.type === 'payment.authorize');
    expect(new Set(authorizations.map((command) => command.messageId)).size).toBe(3);
  });

  it('compensates a step whose reply never comes, including the timed-out step itself', async () => {
    const { sagaId } = await startSaga((command) => (command.type === 'payment.authorize' ? 'no-reply' : ok));

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPENSATED');
    expect(typesOf(sagaId)).toEqual([
      'order.create',
      'inventory.reserve',
      'payment.authorize',
      'payment.void',
      'inventory.release',
      'order.cancel',
    ]);
    expect(saga.instance.steps[2]).toMatchObject({ status: 'COMPENSATED', attempts: 1 });
    expect(saga.timeline.filter((entry) => entry.kind === 'timeout')).toHaveLength(1);
  });

  it('resends a lost reply’s command after the step timeout on a retriable step', async () => {
    const { sagaId } = await startSaga((command) =>
      command.type === 'order.approve' && command.attempt === 1 ? 'no-reply' : ok,
    );

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPLETED');
    expect(saga.instance.steps[5]).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(saga.timeline.map((entry) => entry.kind)).toContain('timeout');
  });

  it('retries a compensation that fails twice, then finishes compensating', async () => {
    const { sagaId } = await startSaga((command) => {
      if (command.type === 'shipping.schedule') return declined;
      if (command.type === 'payment.void' && command.attempt <= 2) return transient;
      return ok;
    });

    const saga = await harness.waitForTerminal(sagaId);

    expect(saga.instance.status).toBe('COMPENSATED');
    expect(saga.instance.steps[2]).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 3 });
    expect(typesOf(sagaId).filter((type) => type === 'payment.void')).toHaveLength(3);
    expect(typesOf(sagaId).slice(-2)).toEqual(['inventory.release', 'order.cancel']);
  });

  it('fails the saga when a compensation exhausts its retries, keeping the error on the step; an operator retry resumes it', async () => {
    let releaseWorks = false;
    const { sagaId } = await startSaga((command) => {
      if (command.type === 'payment.authorize') return declined;
      if (command.type === 'inventory.release' && !releaseWorks) {
        return { outcome: 'BUSINESS_FAILURE', error: { code: 'STUCK', message: 'cannot release' } };
      }
      return ok;
    });

    const failed = await harness.waitForTerminal(sagaId);

    expect(failed.instance.status).toBe('FAILED');
    expect(failed.instance.steps[1]).toMatchObject({
      name: 'reserve-inventory',
      status: 'COMPENSATION_FAILED',
      compensationAttempts: 10,
      error: { code: 'STUCK', message: 'cannot release' },
    });
    expect(typesOf(sagaId)).not.toContain('order.cancel');

    releaseWorks = true;
    await expect(harness.orchestrator.runtime.retry(sagaId, 'stock service fixed')).resolves.toEqual({
      outcome: 'applied',
      status: 'COMPENSATING',
    });
    const resumed = await pollUntil(async () => {
      const saga = await harness.orchestrator.runtime.get(sagaId);
      return saga?.instance.status === 'COMPENSATED' ? saga : undefined;
    });
    expect(resumed.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'operator-retry',
          detail: expect.objectContaining({ reason: 'stock service fixed' }),
        }),
      ]),
    );
    expect(typesOf(sagaId).slice(-2)).toEqual(['inventory.release', 'order.cancel']);
  });

  it('lets an operator abort before the pivot, refuses once terminal, and writes both to the timeline', async () => {
    const { sagaId } = await startSaga((command) => (command.type === 'inventory.reserve' ? 'no-reply' : ok));
    await pollUntil(() => commandsOf(sagaId).some((command) => command.type === 'inventory.reserve'));

    await expect(harness.orchestrator.runtime.abort(sagaId, 'customer called')).resolves.toEqual({
      outcome: 'applied',
      status: 'COMPENSATING',
    });
    const aborted = await harness.waitForTerminal(sagaId);
    expect(aborted.instance.status).toBe('COMPENSATED');
    expect(typesOf(sagaId).slice(-2)).toEqual(['inventory.release', 'order.cancel']);

    const refused = await harness.orchestrator.runtime.abort(sagaId, 'again');
    expect(refused).toMatchObject({ outcome: 'refused', code: 'SAGA_TERMINAL' });
    const timeline = (await harness.orchestrator.runtime.get(sagaId))!.timeline;
    expect(timeline.filter((e) => e.kind.startsWith('operator-')).map((e) => e.kind)).toEqual([
      'operator-abort',
      'operator-refused',
    ]);
    await expect(harness.orchestrator.runtime.abort(randomUUID(), 'x')).resolves.toEqual({
      outcome: 'not-found',
    });
  });

  it('refuses to abort a saga that passed its pivot', async () => {
    const { sagaId } = await startSaga((command) =>
      command.type === 'payment.capture' && command.attempt === 1 ? 'no-reply' : ok,
    );
    await pollUntil(() => commandsOf(sagaId).some((command) => command.type === 'payment.capture'));

    await expect(harness.orchestrator.runtime.abort(sagaId, 'too late')).resolves.toMatchObject({
      outcome: 'refused',
      code: 'PAST_PIVOT',
    });
    expect((await harness.waitForTerminal(sagaId)).instance.status).toBe('COMPLETED');
  });

  it('answers GetSagaByOrderQuery with the saga of an order, and null for an unknown order', async () => {
    const { sagaId, orderId } = await startSaga();
    await harness.waitForTerminal(sagaId);

    await expectEventually(async () =>
      expect(await requestQuery(harness.connection, GetSagaByOrderQuery, { orderId })).toEqual({
        sagaId,
        status: 'COMPLETED',
        currentStep: 'approve-order',
      }),
    );
    await expect(
      requestQuery(harness.connection, GetSagaByOrderQuery, { orderId: randomUUID() }),
    ).resolves.toBeNull();
  });

  it('sends every command of a saga with its business key: the order id for fulfillment, even when compensating', async () => {
    const { sagaId, orderId } = await startSaga((command) =>
      command.type === 'payment.authorize' ? declined : ok,
    );
    expect((await harness.waitForTerminal(sagaId)).instance.status).toBe('COMPENSATED');

    const commands = commandsOf(sagaId);
    expect(commands.map((command) => command.type)).toEqual(
      expect.arrayContaining(['order.create', 'inventory.release', 'order.cancel']),
    );
    expect(commands.map((command) => command.headers[Headers.businessKey])).toEqual(
      commands.map(() => orderId),
    );
  });

  describe('beside an order-return saga of the same order', () => {
    /** The order-return participants' answers (the stubs know only order fulfillment's results). */
    const returnAnswers = (command: StubCommand): StubAnswer => {
      const returnId = String(command.payload.returnId);
      switch (command.type) {
        case 'order.request-return':
          return { outcome: 'SUCCESS', result: { returnId, status: 'PENDING', refundCents: 1_500 } };
        case 'payment.refund':
          return {
            outcome: 'SUCCESS',
            result: { returnId, paymentId: randomUUID(), refundId: randomUUID(), refundedCents: 1_500 },
          };
        case 'inventory.restock':
          return { outcome: 'SUCCESS', result: { returnId } };
        case 'order.complete-return':
          return { outcome: 'SUCCESS', result: { returnId, status: 'REFUNDED' } };
        default:
          return ok;
      }
    };

    async function startReturn(orderId: string): Promise<StartOrderReturnPayload> {
      const payload: StartOrderReturnPayload = {
        sagaId: randomUUID(),
        returnId: randomUUID(),
        orderId,
        items: [{ sku: 'SKU-001', quantity: 1 }],
        reason: 'arrived damaged',
      };
      await harness.publisher.publish({
        subject: StartOrderReturn.subject,
        payload,
        messageId: randomUUID(),
        type: StartOrderReturn.type,
        version: StartOrderReturn.version,
        correlationId: `corr-${payload.sagaId}`,
      });
      return payload;
    }

    it('runs it with the return id as business key on every command, and each query finds its own saga', async () => {
      const order = await startSaga((command) => returnAnswers(command));
      await harness.waitForTerminal(order.sagaId);
      const first = await startReturn(order.orderId);
      const second = await startReturn(order.orderId);

      for (const started of [first, second]) {
        expect((await harness.waitForTerminal(started.sagaId)).instance.status).toBe('COMPLETED');
        const commands = commandsOf(started.sagaId);
        expect(commands.map((command) => command.type)).toEqual([
          'order.request-return',
          'payment.refund',
          'inventory.restock',
          'order.complete-return',
        ]);
        expect(commands.map((command) => command.headers[Headers.businessKey])).toEqual(
          commands.map(() => started.returnId),
        );
      }

      const bySaga = (type: string, businessKey: string) =>
        requestQuery(harness.connection, GetSagaByBusinessKeyQuery, { type, businessKey });
      await expect(bySaga('order-return', second.returnId)).resolves.toEqual({
        sagaId: second.sagaId,
        status: 'COMPLETED',
        currentStep: 'complete-return',
      });
      await expect(bySaga('order-fulfillment', order.orderId)).resolves.toMatchObject({
        sagaId: order.sagaId,
      });
      // A key names sagas of one type: the return id is no order's, the order id is no return's.
      await expect(bySaga('order-fulfillment', first.returnId)).resolves.toBeNull();
      await expect(bySaga('order-return', order.orderId)).resolves.toBeNull();
      await expect(bySaga('order-return', randomUUID())).resolves.toBeNull();
      // The order's saga, though its returns started after it.
      await expect(
        requestQuery(harness.connection, GetSagaByOrderQuery, { orderId: order.orderId }),
      ).resolves.toMatchObject({ sagaId: order.sagaId, status: 'COMPLETED' });
    });
  });

  it.each([
    ['malformed JSON', '{"type":'],
    ['nested 5,000 deep', `{"type":${'['.repeat(5_000)}${']'.repeat(5_000)},"businessKey":"k"}`],
    ['oversized', JSON.stringify({ type: 'order-return', businessKey: 'k'.repeat(300 * 1024) })],
    ['a key over 200 characters', JSON.stringify({ type: 'order-return', businessKey: 'k'.repeat(201) })],
    ['no saga type', JSON.stringify({ businessKey: 'k' })],
    ['an order id instead', JSON.stringify({ orderId: randomUUID() })],
  ])('answers GetSagaByBusinessKeyQuery with %s as BAD_REQUEST, twice alike', async (_case, body) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await harness.connection.request(GetSagaByBusinessKeyQuery.subject, body, {
        timeout: 5_000,
      });
      expect(response.json<unknown>()).toEqual({
        error: { code: 'BAD_REQUEST', message: expect.any(String) },
      });
    }
  });
});
