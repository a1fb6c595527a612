import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  ApproveOrderCommand,
  CancelOrderCommand,
  type CommandContract,
  CreateOrderCommand,
  type Envelope,
  OrderStatus,
  ScheduleShipmentCommand,
  StartOrderFulfillment,
  type StartOrderFulfillmentPayload,
  sampleOrderRequest,
} from '@app/contracts';
import { type ParticipantReply, SagaRegistry, bindSagaStart, defineSaga } from '@app/saga-core';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../test/orchestrator-database';
import { type OrderFulfillmentData, orderFulfillmentDataFrom } from '../sagas/order-fulfillment';
import { type SagaDetails, SagaRuntime } from './saga-runtime';

const DEADLINE_MS = 10_000;
/** Longer than the saga's deadline, so that the deadline, not a reply timeout, is what the saga waits on. */
const STEP_TIMEOUT_MS = 60_000;
const STARTED_AT = Date.parse('2030-01-01T00:00:00.000Z');
const DEADLINE_AT = new Date(STARTED_AT + DEADLINE_MS).toISOString();
const DEADLINE_SAGA = 'deadline-fulfillment';

const at = (offsetMs: number) => new Date(STARTED_AT + offsetMs);

/** A shortened order fulfilment that must finish within DEADLINE_MS: one step before the pivot, one after. */
const deadlineSaga = defineSaga<OrderFulfillmentData>(DEADLINE_SAGA, 1, {
  timeoutMs: STEP_TIMEOUT_MS,
  deadlineMs: DEADLINE_MS,
})
  .step('create-order')
  .invoke(CreateOrderCommand, (data) => ({
    orderId: data.orderId,
    customerId: data.customerId,
    currency: data.currency,
    items: data.items,
    totalCents: data.totalCents,
    shippingAddress: data.shippingAddress,
  }))
  .withCompensation(CancelOrderCommand, (data) => ({ orderId: data.orderId, reason: 'saga deadline' }))

  .step('schedule-shipment')
  .pivot()
  .invoke(ScheduleShipmentCommand, (data) => ({
    orderId: data.orderId,
    address: data.shippingAddress,
    items: data.items.map(({ sku, quantity }) => ({ sku, quantity })),
  }))

  .step('approve-order')
  .retriable()
  .retry({ initialBackoffMs: 1_000, maxBackoffMs: 1_000, jitter: false })
  .invoke(ApproveOrderCommand, (data) => ({ orderId: data.orderId }))
  .build();

/** The platform's order start, bound to the saga under test. */
const deadlineSagaStart = bindSagaStart({
  contract: StartOrderFulfillment,
  sagaType: DEADLINE_SAGA,
  request: (payload) => ({
    sagaId: payload.sagaId,
    businessKey: payload.orderId,
    idempotencyKey: null,
    data: orderFulfillmentDataFrom(payload),
  }),
});

describe('SagaRuntime and a saga deadline', () => {
  let database: OrchestratorDatabase;
  let pool: Pool;
  let now: Date;
  let runtime: SagaRuntime;
  const errors: string[] = [];

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_saga_deadline');
    pool = new Pool({ connectionString: database.db.url, max: 4 });
    runtime = new SagaRuntime({
      pool,
      registry: new SagaRegistry([deadlineSaga]),
      starts: [deadlineSagaStart],
      clock: { now: () => now },
      logger: { warn: (message) => errors.push(message), error: (message) => errors.push(message) },
    });
  });

  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  beforeEach(() => {
    now = at(0);
  });

  afterEach(async () => {
    errors.length = 0;
    await pool.query(`TRUNCATE "orchestrator"."saga_instance", "orchestrator"."saga_step",
      "orchestrator"."saga_timeline", "orchestrator"."inbox", "orchestrator"."outbox"`);
  });

  /** Starts a saga at STARTED_AT; its first command is sent at once, so its deadline is DEADLINE_AT. */
  async function startSaga(): Promise<string> {
    const payload: StartOrderFulfillmentPayload = {
      sagaId: randomUUID(),
      orderId: randomUUID(),
      order: sampleOrderRequest(),
    };
    const start: Envelope<StartOrderFulfillmentPayload> = {
      messageId: randomUUID(),
      type: StartOrderFulfillment.type,
      version: StartOrderFulfillment.version,
      subject: StartOrderFulfillment.subject,
      correlationId: `corr-${payload.sagaId}`,
      occurredAt: now.toISOString(),
      payload,
    };
    await expect(runtime.start(start)).resolves.toEqual({ outcome: 'started', sagaId: payload.sagaId });
    return payload.sagaId;
  }

  async function saga(sagaId: string): Promise<SagaDetails> {
    const details = await runtime.get(sagaId);
    if (!details) throw new Error(`saga ${sagaId} is not stored`);
    return details;
  }

  /** Answers the command `step` last sent with a success carrying `result`, as its participant would. */
  async function succeed<R>(sagaId: string, step: string, command: CommandContract<object, R>, result: R) {
    const { instance } = await saga(sagaId);
    const commandId = instance.steps.find((s) => s.name === step)?.lastCommandId;
    if (!commandId) throw new Error(`step ${step} of saga ${sagaId} has sent no command`);
    const reply: Envelope<ParticipantReply> = {
      messageId: randomUUID(),
      type: command.reply.type,
      version: command.reply.version,
      subject: command.reply.subject,
      sagaId,
      causationId: commandId,
      correlationId: `corr-${sagaId}`,
      occurredAt: now.toISOString(),
      payload: { outcome: 'SUCCESS', result },
    };
    return runtime.onReply(reply);
  }

  const orderIdOf = async (sagaId: string) =>
    ((await saga(sagaId)).instance.data as OrderFulfillmentData).orderId;

  /** The commands in the outbox, i.e. sent since `publishAll` last played the relay. */
  async function sentCommands(): Promise<string[]> {
    const { rows } = await pool.query<{ subject: string }>(
      `SELECT "subject" FROM "orchestrator"."outbox" WHERE "subject" LIKE 'saga.cmd.%' ORDER BY "created_at"`,
    );
    return rows.map((row) => row.subject);
  }

  const publishAll = () => pool.query(`DELETE FROM "orchestrator"."outbox"`);

  const deadlineEntries = async (sagaId: string) =>
    (await saga(sagaId)).timeline.filter((entry) => entry.kind === 'saga-deadline-passed');

  it('aborts a saga still before its pivot when the deadline passes: the step it waits on is compensated', async () => {
    const sagaId = await startSaga();
    // The reply timeout (a minute away) gives way to the earlier saga deadline.
    expect((await saga(sagaId)).instance.deadline).toEqual({
      at: DEADLINE_AT,
      reason: 'saga-deadline',
      step: 'create-order',
    });
    await publishAll();

    now = at(DEADLINE_MS - 1);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(0);
    now = at(DEADLINE_MS);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(1);

    const { instance, timeline } = await saga(sagaId);
    expect(instance.status).toBe('COMPENSATING');
    expect(instance.steps.find((s) => s.name === 'create-order')).toMatchObject({
      status: 'COMPENSATING',
      error: { code: 'SAGA_DEADLINE' },
    });
    expect(timeline.filter((entry) => entry.kind === 'saga-deadline-passed')).toEqual([
      expect.objectContaining({
        step: 'create-order',
        detail: { deadlineAt: DEADLINE_AT, deadlineMs: DEADLINE_MS, then: 'compensate' },
      }),
    ]);
    expect(timeline.find((entry) => entry.kind === 'compensation-started')?.detail).toMatchObject({
      cause: 'saga-deadline',
    });
    // The order may have been created by the command in flight: it is cancelled.
    expect(await sentCommands()).toEqual([CancelOrderCommand.subject]);
    expect(errors).toEqual([]);
  });

  it('takes a reply that comes after the deadline, before the scheduler fired it, for a late one and aborts', async () => {
    const sagaId = await startSaga();
    const orderId = await orderIdOf(sagaId);
    await publishAll();

    now = at(DEADLINE_MS + 1);
    await expect(
      succeed(sagaId, 'create-order', CreateOrderCommand, { orderId, status: OrderStatus.PENDING }),
    ).resolves.toBe('applied');

    const { instance, timeline } = await saga(sagaId);
    expect(instance.status).toBe('COMPENSATING');
    expect(timeline.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['saga-deadline-passed', 'late-reply']),
    );
    expect(await sentCommands()).toEqual([CancelOrderCommand.subject]);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(0);
  });

  it('leaves a saga that finished before its deadline alone', async () => {
    const sagaId = await startSaga();
    const orderId = await orderIdOf(sagaId);

    now = at(1_000);
    await succeed(sagaId, 'create-order', CreateOrderCommand, { orderId, status: OrderStatus.PENDING });
    // The next step's reply timeout would fall a minute on; the saga still waits on its deadline.
    expect((await saga(sagaId)).instance.deadline).toEqual({
      at: DEADLINE_AT,
      reason: 'saga-deadline',
      step: 'schedule-shipment',
    });
    now = at(2_000);
    await succeed(sagaId, 'schedule-shipment', ScheduleShipmentCommand, {
      shipmentId: randomUUID(),
      trackingNumber: 'TRK-1',
    });
    now = at(DEADLINE_MS - 1);
    await succeed(sagaId, 'approve-order', ApproveOrderCommand, { orderId, status: OrderStatus.APPROVED });
    await publishAll();

    now = at(DEADLINE_MS + STEP_TIMEOUT_MS);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(0);

    const { instance, timeline } = await saga(sagaId);
    expect(instance.status).toBe('COMPLETED');
    expect(instance.deadline).toBeNull();
    expect(timeline.map((entry) => entry.kind)).not.toContain('saga-deadline-passed');
    expect(await sentCommands()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets a saga past its pivot go on at the deadline, recording once that it passed', async () => {
    const sagaId = await startSaga();
    const orderId = await orderIdOf(sagaId);
    now = at(1_000);
    await succeed(sagaId, 'create-order', CreateOrderCommand, { orderId, status: OrderStatus.PENDING });
    now = at(2_000);
    await succeed(sagaId, 'schedule-shipment', ScheduleShipmentCommand, {
      shipmentId: randomUUID(),
      trackingNumber: 'TRK-2',
    });
    await publishAll();

    now = at(DEADLINE_MS);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(1);

    let details = await saga(sagaId);
    expect(details.instance.status).toBe('RUNNING');
    expect(details.instance.currentStep).toBe('approve-order');
    // Back to the reply timeout of approve-order, sent at 2 s.
    expect(details.instance.deadline).toEqual({
      at: at(2_000 + STEP_TIMEOUT_MS).toISOString(),
      reason: 'timeout',
      step: 'approve-order',
    });
    expect(await deadlineEntries(sagaId)).toEqual([
      expect.objectContaining({
        step: 'approve-order',
        detail: { deadlineAt: DEADLINE_AT, deadlineMs: DEADLINE_MS, then: 'continue' },
      }),
    ]);
    expect(await sentCommands()).toEqual([]);

    // approve-order times out and is retried, as it would be without a deadline.
    now = at(2_000 + STEP_TIMEOUT_MS);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(1);
    now = at(2_000 + STEP_TIMEOUT_MS + 1_000);
    await expect(runtime.fireDueDeadlines()).resolves.toBe(1);
    expect(await sentCommands()).toEqual([ApproveOrderCommand.subject]);
    await succeed(sagaId, 'approve-order', ApproveOrderCommand, { orderId, status: OrderStatus.APPROVED });

    details = await saga(sagaId);
    expect(details.instance.status).toBe('COMPLETED');
    expect(details.timeline.map((entry) => entry.kind)).not.toContain('compensation-started');
    expect(await deadlineEntries(sagaId)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
