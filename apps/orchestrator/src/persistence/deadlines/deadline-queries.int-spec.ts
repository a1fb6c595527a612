import { randomUUID } from 'node:crypto';
import {
  SagaEvent,
  SagaInstance,
  TimelineEntry,
  TransitionResult,
  createSagaInstance,
  transition,
} from '@app/saga-core';
import { OutboxFastPath } from '@app/persistence';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../test/orchestrator-database';
import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { SagaRepository } from './saga-repository';
import { typeormSql } from './saga-sql';
import type { SagaAttributes } from './saga-write-statement';

const env = (at = '2030-01-01T00:00:00.000Z') => ({
  now: new Date(at),
  ids: { next: () => randomUUID() },
  random: { next: () => 0.5 },
});

function newSaga(): { instance: SagaInstance<unknown>; attributes: SagaAttributes } {
  const orderId = randomUUID();
  const instance = createSagaInstance(orderFulfillmentSaga, randomUUID(), { orderId, items: [] } as never);
  return { instance, attributes: { idempotencyKey: null, orderId, correlationId: 'corr-1' } };
}

function apply(instance: SagaInstance<unknown>, event: SagaEvent): TransitionResult<unknown> {
  return transition(orderFulfillmentSaga as never, instance, event, env());
}

const timelineOf = (result: TransitionResult<unknown>) =>
  result.effects.filter((effect): effect is TimelineEntry => effect.type === 'timeline');

const outboxRow = () => ({
  id: randomUUID(),
  subject: 'saga.cmd.order.create',
  headers: { a: 'b' },
  payload: { x: 1 },
});

describe('SagaRepository', () => {
  let database: OrchestratorDatabase;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_repository');
  });

  afterAll(async () => {
    await database.close();
  });

  const repository = () => new SagaRepository(typeormSql(database.dataSource));
  const count = async (table: string, where = 'true', parameters: unknown[] = []) =>
    (
      await database.dataSource.query(
        `SELECT count(*)::int AS n FROM "orchestrator"."${table}" WHERE ${where}`,
        parameters,
      )
    )[0].n as number;

  /** Inserts a saga that has sent its first command; returns the stored instance. */
  async function storedStartedSaga(attributes?: Partial<SagaAttributes>) {
    const saga = newSaga();
    const started = apply(saga.instance, { type: 'started' });
    const outcome = await repository().insert(
      started.instance,
      { ...saga.attributes, ...attributes },
      { timeline: timelineOf(started) },
    );
    expect(outcome).toEqual({ written: true, revision: 1 });
    return started.instance;
  }

  const replyTo = (
    instance: SagaInstance<unknown>,
    commandId = instance.steps[0].lastCommandId!,
  ): SagaEvent => ({
    type: 'reply-success',
    stepName: 'create-order',
    commandId,
  });

  async function timeline(sagaId: string) {
    return (await database.dataSource.query(
      `SELECT "seq", "kind", "step" FROM "orchestrator"."saga_timeline" WHERE "saga_id" = $1 ORDER BY "seq"`,
      [sagaId],
    )) as { seq: number; kind: string; step: string | null }[];
  }

  it('stores a new saga with its steps and loads it back unchanged', async () => {
    const instance = await storedStartedSaga();

    const loaded = await repository().load(instance.sagaId);

    expect(loaded).toEqual({ instance, revision: 1, correlationId: 'corr-1', consumed: false });
    expect(await repository().load(randomUUID())).toBeUndefined();
  });

  it('refuses a second saga with the same id or the same (type, idempotency key)', async () => {
    const first = await storedStartedSaga({ idempotencyKey: 'key-1' });
    const sameId = { ...newSaga().instance, sagaId: first.sagaId };
    const sameKey = newSaga();

    await expect(repository().insert(sameId, newSaga().attributes, { timeline: [] })).resolves.toEqual({
      written: false,
      reason: 'conflict',
    });
    await expect(
      repository().insert(
        sameKey.instance,
        { ...sameKey.attributes, idempotencyKey: 'key-1' },
        { timeline: [] },
      ),
    ).resolves.toEqual({ written: false, reason: 'conflict' });
    expect(await repository().findIdByIdempotencyKey('order-fulfillment', 'key-1')).toBe(first.sagaId);
    expect(await repository().load(sameKey.instance.sagaId)).toBeUndefined();
  });

  it('detects a concurrent write through the row version, and the loser writes nothing at all', async () => {
    const instance = await storedStartedSaga();
    const [first, second] = [repository(), repository()];
    const loadedByFirst = (await first.load(instance.sagaId))!;
    const loadedBySecond = (await second.load(instance.sagaId))!;
    const winner = apply(loadedBySecond.instance, replyTo(instance));
    await second.update(winner.instance, loadedBySecond.revision, { timeline: timelineOf(winner) });

    const loser = apply(loadedByFirst.instance, replyTo(instance));
    const lost = await first.update(loser.instance, loadedByFirst.revision, {
      timeline: timelineOf(loser),
      inbox: { consumer: 'test', messageId: 'lost-race' },
      outbox: [outboxRow()],
    });

    expect(lost).toEqual({ written: false, reason: 'conflict' });
    expect((await timeline(instance.sagaId)).map((entry) => entry.kind)).toEqual([
      'saga-started',
      'command-sent',
      'reply-received',
      'command-sent',
    ]);
    expect(await count('inbox', `"message_id" = 'lost-race'`)).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('writes the inbox record and the outbox rows with the state, and refuses a message seen before', async () => {
    const instance = await storedStartedSaga();
    const inbox = { consumer: 'test', messageId: randomUUID() };
    const loaded = (await repository().load(instance.sagaId, inbox))!;
    expect(loaded.consumed).toBe(false);
    const replied = apply(loaded.instance, replyTo(instance));
    const commands = [outboxRow(), outboxRow()];

    const written = await repository().update(replied.instance, loaded.revision, {
      timeline: timelineOf(replied),
      inbox,
      outbox: commands,
    });

    expect(written).toEqual({ written: true, revision: 2 });
    expect(await count('outbox', `"id" = ANY($1::uuid[])`, [commands.map((c) => c.id)])).toBe(2);
    const again = (await repository().load(instance.sagaId, inbox))!;
    expect(again.consumed).toBe(true);
    const duplicate = apply(again.instance, replyTo(instance));
    await expect(
      repository().update(duplicate.instance, again.revision, { timeline: timelineOf(duplicate), inbox }),
    ).resolves.toEqual({ written: false, reason: 'duplicate' });
    expect((await repository().load(instance.sagaId))!.revision).toBe(2);
    await database.dataSource.query(`DELETE FROM "orchestrator"."outbox"`);
  });

  it('with a fast path, publishes a write’s commands once written, sweeps them with the next write, and publishes nothing for a refused one', async () => {
    const published: string[] = [];
    const fastPath = new OutboxFastPath({
      query: (text, values) => database.dataSource.query(text, values),
      schema: 'orchestrator',
      publish: async (batch) => void published.push(...batch.map((record) => record.id)),
      idleSweepMs: 60_000,
      logger: { warn: () => undefined },
    });
    const fast = () => new SagaRepository(typeormSql(database.dataSource), 'orchestrator', fastPath);
    const instance = await storedStartedSaga();
    const loaded = (await fast().load(instance.sagaId))!;
    const replied = apply(loaded.instance, replyTo(instance));
    const commands = [outboxRow(), outboxRow()];

    await fast().update(replied.instance, loaded.revision, {
      timeline: timelineOf(replied),
      outbox: commands,
    });

    const ids = commands.map((command) => command.id);
    expect(published).toEqual(ids);
    expect(await count('outbox', `"id" = ANY($1::uuid[])`, [ids])).toBe(2);
    const stale = [outboxRow()];
    await expect(
      fast().update(replied.instance, loaded.revision, { timeline: [], outbox: stale }),
    ).resolves.toEqual({ written: false, reason: 'conflict' });
    expect(published).toEqual(ids); // the refused write's command was neither stored nor published
    expect(await count('outbox', `"id" = ANY($1::uuid[])`, [[...ids, stale[0].id]])).toBe(0); // but it swept
    await fastPath.stop();
  });

  it('refuses to insert a saga for a start message seen before', async () => {
    const inbox = { consumer: 'starts', messageId: randomUUID() };
    const first = newSaga();
    const second = newSaga();

    await expect(
      repository().insert(first.instance, first.attributes, { timeline: [], inbox }),
    ).resolves.toEqual({
      written: true,
      revision: 1,
    });
    await expect(
      repository().insert(second.instance, second.attributes, { timeline: [], inbox }),
    ).resolves.toEqual({
      written: false,
      reason: 'duplicate',
    });
    expect(await repository().load(second.instance.sagaId)).toBeUndefined();
  });

  it('numbers timeline entries in order across writes, also for an event that changes nothing', async () => {
    const instance = await storedStartedSaga();
    const store = repository();
    const loaded = (await store.load(instance.sagaId))!;
    const replied = apply(loaded.instance, replyTo(instance));
    const written = await store.update(replied.instance, loaded.revision, { timeline: timelineOf(replied) });
    const duplicate = apply(replied.instance, replyTo(instance));
    expect(duplicate.instance).toBe(replied.instance);

    await store.update(duplicate.instance, written.written ? written.revision : 0, {
      timeline: timelineOf(duplicate),
    });

    expect(await timeline(instance.sagaId)).toEqual([
      { seq: 1, kind: 'saga-started', step: null },
      { seq: 2, kind: 'command-sent', step: 'create-order' },
      { seq: 3, kind: 'reply-received', step: 'create-order' },
      { seq: 4, kind: 'command-sent', step: 'reserve-inventory' },
      { seq: 5, kind: 'duplicate-reply', step: 'create-order' },
    ]);
  });

  it('rewrites only the step rows that changed, and keeps updated_at when only the timeline grew', async () => {
    const instance = await storedStartedSaga();
    const stepVersions = async () =>
      (await database.dataSource.query(
        `SELECT "idx", xmin::text AS "xmin" FROM "orchestrator"."saga_step" WHERE "saga_id" = $1 ORDER BY "idx"`,
        [instance.sagaId],
      )) as { idx: number; xmin: string }[];
    const updatedAt = async () =>
      (
        await database.dataSource.query(
          `SELECT "updated_at" FROM "orchestrator"."saga_instance" WHERE "id" = $1`,
          [instance.sagaId],
        )
      )[0].updated_at as Date;
    const before = await stepVersions();

    const store = repository();
    const loaded = (await store.load(instance.sagaId))!;
    const replied = apply(loaded.instance, replyTo(instance));
    await store.update(replied.instance, loaded.revision, { timeline: timelineOf(replied) });

    const after = await stepVersions();
    expect(after.filter((row, i) => row.xmin !== before[i].xmin).map((row) => row.idx)).toEqual([0, 1]);
    const reloaded = await repository().load(instance.sagaId);
    expect(reloaded?.instance).toEqual(replied.instance);
    expect(reloaded?.instance.steps.slice(0, 2).map((step) => step.status)).toEqual(['SUCCEEDED', 'RUNNING']);

    const stamp = await updatedAt();
    const late = apply(reloaded!.instance, replyTo(instance, 'an-old-command'));
    expect(late.instance).toBe(reloaded!.instance);
    const store2 = repository();
    const again = (await store2.load(instance.sagaId))!;
    await store2.update(again.instance, again.revision, { timeline: timelineOf(late) });
    expect(await updatedAt()).toEqual(stamp);
    expect((await stepVersions()).map((row) => row.xmin)).toEqual(after.map((row) => row.xmin));
  });

  it('hands each due deadline to one of several concurrent claimers', async () => {
    const due = [await storedStartedSaga(), await storedStartedSaga()];
    const later = new Date(Date.parse(due[0].deadline!.at) + 1);

    const claims = await database.dataSource.transaction(async (manager) => {
      const firstClaim = await new SagaRepository(typeormSql(manager)).claimDueDeadlines(later, later, 1);
      const secondClaim = await database.dataSource.transaction((other) =>
        new SagaRepository(typeormSql(other)).claimDueDeadlines(later, later, 10),
      );
      return [firstClaim, secondClaim];
    });

    const dueIds = due.map((saga) => saga.sagaId);
    expect(claims[0]).toHaveLength(1);
    expect(claims[1]).toEqual(expect.arrayContaining(dueIds.filter((id) => id !== claims[0][0])));
    expect(claims[1]).not.toContain(claims[0][0]);
    const future = new Date('2029-12-31');
    expect(await repository().claimDueDeadlines(future, future, 10)).toEqual([]);
  });

  it('claims a due reply timeout only once the replies stored before it have been handled', async () => {
    const saga = await storedStartedSaga();
    const dueAt = Date.parse(saga.deadline!.at);
    const later = new Date(dueAt + 1);
    const claim = (repliesHandledBefore: Date) =>
      database.dataSource.transaction((manager) =>
        new SagaRepository(typeormSql(manager)).claimDueDeadlines(later, repliesHandledBefore, 10),
      );

    expect(await claim(new Date(dueAt - 1))).not.toContain(saga.sagaId);
    expect(await claim(new Date(dueAt))).toContain(saga.sagaId);
  });

  it('tells which commands are still in the outbox, unpublished', async () => {
    const commandId = randomUUID();
    const other = randomUUID();
    const outbox = '"orchestrator"."outbox"';
    await database.dataSource.query(
      `INSERT INTO ${outbox} ("id", "subject", "payload") VALUES ($1, 'saga.cmd.order.create', '{}')`,
      [commandId],
    );
    expect(await repository().unpublished([commandId, other])).toEqual(new Set([commandId]));
    await database.dataSource.query(`DELETE FROM ${outbox} WHERE "id" = $1`, [commandId]);
    expect(await repository().unpublished([commandId, other])).toEqual(new Set());
  });

  it('finds a saga by its order id', async () => {
    const orderId = randomUUID();
    const instance = await storedStartedSaga({ orderId });

    await expect(repository().findSummaryByOrderId(orderId)).resolves.toEqual({
      sagaId: instance.sagaId,
      status: 'RUNNING',
      currentStep: 'create-order',
    });
    await expect(repository().findSummaryByOrderId(randomUUID())).resolves.toBeUndefined();
  });
});
