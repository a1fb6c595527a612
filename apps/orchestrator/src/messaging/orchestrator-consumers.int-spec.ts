import { randomUUID } from 'node:crypto';
import { Headers, StartOrderFulfillment } from '@app/contracts';
import type { StubAnswer } from '@test/support';
import { pollUntil } from '@test/support';
import { OrchestratorHarness, startOrchestratorHarness } from '../../test/orchestrator-harness';

interface DeadLetter {
  subject: string;
  reason: string;
  consumer: string;
}

describe('orchestrator consumers: duplicate, late, unknown and malformed input', () => {
  let harness: OrchestratorHarness;

  beforeAll(async () => {
    harness = await startOrchestratorHarness('orchestrator_consumers');
  });

  afterAll(async () => {
    await harness.stop();
  });

  const runtime = () => harness.orchestrator.runtime;

  function replyHeaders(overrides: Record<string, string | undefined>): Record<string, string> {
    const headers: Record<string, string | undefined> = {
      [Headers.messageType]: 'order.create.reply',
      [Headers.messageVersion]: '1',
      [Headers.correlationId]: 'corr-test',
      [Headers.sagaId]: randomUUID(),
      [Headers.causationId]: randomUUID(),
      ...overrides,
    };
    return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<
      string,
      string
    >;
  }

  /** Publishes a reply as a participant would; returns its message id. */
  async function publishReply(
    headers: Record<string, string>,
    body: unknown,
    subject = 'saga.reply.order.create',
  ): Promise<string> {
    const messageId = randomUUID();
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    await harness.publisher.publishRaw(subject, headers, raw, messageId);
    return messageId;
  }

  async function deadLetterOf(originalMessageId: string): Promise<DeadLetter> {
    const jsm = await harness.connection.jetstreamManager();
    return pollUntil(
      async () => {
        const { state } = await jsm.streams.info('SAGA_DLQ');
        for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
          const message = await jsm.streams.getMessage('SAGA_DLQ', { seq });
          if (message.header.get(Headers.causationId) === originalMessageId) {
            return { subject: message.subject, ...message.json<{ reason: string; consumer: string }>() };
          }
        }
        return undefined;
      },
      { timeoutMs: 10_000 },
      `dead letter of ${originalMessageId}`,
    );
  }

  async function completedSaga() {
    const payload = harness.startPayload();
    await harness.publishStart(payload);
    return harness.waitForTerminal(payload.sagaId);
  }

  const commandIdOf = (saga: Awaited<ReturnType<typeof completedSaga>>, command: string) =>
    saga.timeline.find((entry) => entry.kind === 'command-sent' && entry.detail.command === command)!.detail
      .commandId as string;

  it('records a second reply to a finished step on the timeline and changes nothing else', async () => {
    const saga = await completedSaga();

    await publishReply(
      replyHeaders({
        [Headers.sagaId]: saga.instance.sagaId,
        [Headers.causationId]: commandIdOf(saga, 'order.create'),
      }),
      { outcome: 'BUSINESS_FAILURE', error: { code: 'LATE', message: 'changed my mind' } },
    );

    const after = await pollUntil(async () => {
      const current = await runtime().get(saga.instance.sagaId);
      return current?.timeline.some((entry) => entry.kind === 'duplicate-reply') ? current : undefined;
    });
    expect(after.instance).toEqual(saga.instance);
    expect(after.timeline.at(-1)).toMatchObject({
      kind: 'duplicate-reply',
      step: 'create-order',
      detail: { outcome: 'BUSINESS_FAILURE' },
    });
  });

  it('records a reply that arrives out of order (for a command not awaited) as late, and carries on', async () => {
    const payload = harness.startPayload();
    harness.scripts.set(payload.orderId, (command): StubAnswer =>
      command.type === 'order.create' ? { outcome: 'SUCCESS', delayMs: 300 } : { outcome: 'SUCCESS' },
    );
    await harness.publishStart(payload);
    await pollUntil(() => harness.stubs.received.some((command) => command.sagaId === payload.sagaId));

    await publishReply(
      replyHeaders({ [Headers.sagaId]: payload.sagaId, [Headers.messageType]: 'payment.authorize.reply' }),
      { outcome: 'SUCCESS', result: { paymentId: randomUUID(), authorizationCode: 'A' } },
      'saga.reply.payment.authorize',
    );
    const late = await pollUntil(async () => {
      const current = await runtime().get(payload.sagaId);
      return current?.timeline.some((entry) => entry.kind === 'late-reply') ? current : undefined;
    });
    expect(late.instance.currentStep).toBe('create-order');

    const saga = await harness.waitForTerminal(payload.sagaId);
    expect(saga.instance.status).toBe('COMPLETED');
    expect(saga.instance.steps[2].attempts).toBe(1);
  });

  it('handles a redelivered reply message once (inbox)', async () => {
    const saga = await completedSaga();
    const envelope = {
      subject: 'saga.reply.order.create',
      messageId: randomUUID(),
      type: 'order.create.reply',
      version: 1,
      sagaId: saga.instance.sagaId,
      correlationId: 'corr',
      causationId: randomUUID(),
      occurredAt: new Date().toISOString(),
      payload: { outcome: 'SUCCESS' as const },
    };

    await expect(runtime().onReply(envelope)).resolves.toBe('ignored');
    await expect(runtime().onReply(envelope)).resolves.toBe('duplicate-message');
    const timeline = (await runtime().get(saga.instance.sagaId))!.timeline;
    expect(timeline.filter((entry) => entry.kind === 'late-reply')).toHaveLength(1);
  });

  it('dead-letters a reply for a saga that does not exist', async () => {
    const messageId = await publishReply(replyHeaders({}), {
      outcome: 'SUCCESS',
      result: { orderId: randomUUID(), status: 'PENDING' },
    });

    const letter = await deadLetterOf(messageId);
    expect(letter).toMatchObject({ subject: 'saga.dlq.saga.reply.order.create', consumer: 'orchestrator' });
    expect(letter.reason).toContain('unknown saga');
  });

  it.each([
    ['invalid JSON', replyHeaders({}), '{"outcome": ', 'not valid JSON'],
    ['an invalid payload', replyHeaders({}), { outcome: 'MAYBE' }, 'outcome'],
    [
      'an oversized body',
      replyHeaders({}),
      { outcome: 'SUCCESS', padding: 'x'.repeat(70_000) },
      'exceeds the limit',
    ],
    [
      'no saga-id header',
      replyHeaders({ [Headers.sagaId]: undefined }),
      { outcome: 'SUCCESS' },
      'no saga-id',
    ],
    [
      'no causation-id header',
      replyHeaders({ [Headers.causationId]: undefined }),
      { outcome: 'SUCCESS' },
      'no causation-id',
    ],
    [
      'an unknown reply type',
      replyHeaders({ [Headers.messageType]: 'order.frobnicate.reply' }),
      { outcome: 'SUCCESS' },
      'no handler',
    ],
  ])('dead-letters a reply with %s without blocking the others', async (_case, headers, body, reason) => {
    const messageId = await publishReply(headers, body);

    expect((await deadLetterOf(messageId)).reason).toContain(reason);
    expect((await completedSaga()).instance.status).toBe('COMPLETED');
  });

  it('starts one saga per saga id, however many start messages name it', async () => {
    const payload = harness.startPayload();
    await harness.publishStart(payload);
    await harness.publishStart(payload);

    const saga = await harness.waitForTerminal(payload.sagaId);
    await pollUntil(async () =>
      (await runtime().get(payload.sagaId))?.timeline.some((entry) => entry.kind === 'duplicate-start'),
    );
    expect(saga.instance.status).toBe('COMPLETED');
    const creates = harness.stubs
      .distinct()
      .filter((c) => c.sagaId === payload.sagaId && c.type === 'order.create');
    expect(creates).toHaveLength(1);
  });

  it('starts one saga per idempotency key', async () => {
    const first = harness.startPayload({ idempotencyKey: `key-${randomUUID()}` });
    const second = harness.startPayload({ idempotencyKey: first.idempotencyKey });
    await harness.publishStart(first);
    await harness.publishStart(second);

    // Start messages are handled side by side, so either of the two may be the one that starts the saga.
    const [started, refused] = await pollUntil(async () => {
      if (await runtime().get(first.sagaId)) return [first, second];
      if (await runtime().get(second.sagaId)) return [second, first];
      return undefined;
    });
    await harness.waitForTerminal(started.sagaId);
    const timeline = await pollUntil(async () => {
      const saga = await runtime().get(started.sagaId);
      return saga?.timeline.find((entry) => entry.kind === 'duplicate-start') ? saga.timeline : undefined;
    });
    expect(timeline.find((entry) => entry.kind === 'duplicate-start')?.detail).toMatchObject({
      requestedSagaId: refused.sagaId,
    });
    expect(await runtime().get(refused.sagaId)).toBeUndefined();
    expect(harness.stubs.distinct().filter((command) => command.sagaId === refused.sagaId)).toEqual([]);
  });

  it('handles a start message delivered twice once', async () => {
    const payload = harness.startPayload();
    const envelope = {
      subject: StartOrderFulfillment.subject,
      messageId: randomUUID(),
      type: StartOrderFulfillment.type,
      version: 1,
      correlationId: 'corr',
      occurredAt: new Date().toISOString(),
      payload,
    };

    await expect(runtime().start(envelope)).resolves.toEqual({ outcome: 'started', sagaId: payload.sagaId });
    await expect(runtime().start(envelope)).resolves.toEqual({
      outcome: 'duplicate-message',
      sagaId: payload.sagaId,
    });
    await harness.waitForTerminal(payload.sagaId);
  });

  it.each([
    ['invalid JSON', '{"sagaId"', 'not valid JSON'],
    ['an invalid payload', { sagaId: 'not-a-uuid' }, 'sagaId'],
    ['an oversized body', { padding: 'x'.repeat(300_000) }, 'exceeds the limit'],
  ])('dead-letters a start message with %s', async (_case, body, reason) => {
    const messageId = randomUUID();
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    await harness.publisher.publishRaw(
      StartOrderFulfillment.subject,
      { [Headers.messageType]: StartOrderFulfillment.type, [Headers.messageVersion]: '1' },
      raw,
      messageId,
    );

    const letter = await deadLetterOf(messageId);
    expect(letter).toMatchObject({ consumer: 'orchestrator-starts' });
    expect(letter.reason).toContain(reason);
  });
});
