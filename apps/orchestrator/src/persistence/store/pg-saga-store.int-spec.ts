import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { OutboxRecord } from '@app/persistence';
import type { SagaChange, StoredSaga } from '@app/saga-core';
import { expectEventually } from '@test/support';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../../test/orchestrator-database';
import { outboxRow, replyChange, startChange } from '../../../test/saga-changes';
import { type SagaSql, pgSql } from '../saga-sql';
import { PgSagaStore, type PgSagaStoreOptions } from './pg-saga-store';

/** The statements a store sends, counted. */
function counted(sql: SagaSql): SagaSql & { statements: number } {
  const counter = {
    statements: 0,
    rows: <T>(statement: Parameters<SagaSql['rows']>[0]) => {
      counter.statements += 1;
      return sql.rows<T>(statement);
    },
  };
  return counter;
}

describe('PgSagaStore', () => {
  let database: OrchestratorDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_pg_saga_store');
    pool = new Pool({ connectionString: database.db.url, max: 4 });
  });

  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  const storeWith = (options: PgSagaStoreOptions = {}) => {
    const sql = counted(pgSql(pool));
    return { store: new PgSagaStore(sql, options), sql };
  };
  const query = async <T>(text: string, values: unknown[] = []) =>
    (await pool.query(text, values)).rows as T[];
  const count = async (table: string, where: string, values: unknown[]) =>
    (
      await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "orchestrator"."${table}" WHERE ${where}`,
        values,
      )
    )[0].n;
  const writtenRows = async (change: SagaChange<OutboxRecord>) => ({
    inbox: await count('inbox', `"message_id" = ANY($1)`, [change.messages.map((m) => m.messageId)]),
    outbox: await count('outbox', `"id" = ANY($1::uuid[])`, [change.outgoing.map((r) => r.id)]),
  });

  async function stored(changes: SagaChange<OutboxRecord>[]): Promise<StoredSaga[]> {
    const { store } = storeWith();
    const outcomes = await store.save(changes);
    expect([...outcomes.values()].every((outcome) => outcome === 'written')).toBe(true);
    const { sagas } = await store.load(changes.map((change) => change.after.sagaId));
    return changes.map((change) => sagas.get(change.after.sagaId)!);
  }

  it('writes a batch of new sagas in one statement and loads them back, with attributes, in one', async () => {
    const starts = Array.from({ length: 40 }, (_, i) =>
      startChange({
        idempotencyKey: `batch-${randomUUID()}`,
        idempotencyKeyAt: new Date('2029-12-31T23:59:00.000Z'),
        businessKey: `order-${i}`,
        traceParent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      }),
    );
    const { store, sql } = storeWith();

    const outcomes = await store.save(starts);

    expect(sql.statements).toBe(1);
    expect(new Set(outcomes.values())).toEqual(new Set(['written']));
    expect(outcomes.size).toBe(40);
    const loaded = await store.load(
      starts.map((change) => change.after.sagaId),
      starts.flatMap((change) => change.messages),
    );
    expect(sql.statements).toBe(2);
    expect(loaded.handled).toEqual(
      new Set(starts.flatMap((change) => change.messages.map((m) => m.messageId))),
    );
    for (const change of starts)
      expect(loaded.sagas.get(change.after.sagaId)).toEqual({
        instance: change.after,
        revision: 1,
        attributes: change.before.attributes,
      });
    const ids = starts.flatMap((change) => change.outgoing.map((record) => record.id));
    expect(await count('outbox', `"id" = ANY($1::uuid[])`, [ids])).toBe(40);
  });

  it('writes a batch of updates in one statement: the stale one conflicts, the others are written', async () => {
    const sagas = await stored([startChange(), startChange(), startChange()]);
    const { store, sql } = storeWith();
    const [moved] = sagas;
    expect(await store.save([replyChange(moved)])).toEqual(new Map([[moved.instance.sagaId, 'written']]));
    const stale = replyChange(moved);
    const others = sagas.slice(1).map((saga) => replyChange(saga));
    sql.statements = 0;

    const outcomes = await store.save([stale, ...others]);

    expect(sql.statements).toBe(1);
    expect(outcomes).toEqual(
      new Map([
        [moved.instance.sagaId, 'conflict'],
        ...others.map((change): [string, string] => [change.after.sagaId, 'written']),
      ]),
    );
    expect(await writtenRows(stale)).toEqual({ inbox: 0, outbox: 0 });
    for (const change of others) expect(await writtenRows(change)).toEqual({ inbox: 1, outbox: 2 });
    const { sagas: reloaded } = await store.load(sagas.map((saga) => saga.instance.sagaId));
    expect(reloaded.get(moved.instance.sagaId)!.revision).toBe(2);
    expect(await count('saga_timeline', `"saga_id" = $1`, [moved.instance.sagaId])).toBe(4);
    for (const change of others) {
      expect(reloaded.get(change.after.sagaId)).toMatchObject({ instance: change.after, revision: 2 });
    }
  });

  it('refuses a change whose message was handled before as a duplicate, and writes the rest', async () => {
    const [saga] = await stored([startChange()]);
    const { store } = storeWith();
    const first = replyChange(saga);
    await store.save([first]);
    const { sagas } = await store.load([saga.instance.sagaId]);
    const again = { ...replyChange(sagas.get(saga.instance.sagaId)!), messages: first.messages };
    const start = startChange();
    const repeatedStart = { ...startChange(), messages: start.messages };
    await store.save([start]);
    const fresh = startChange();

    const outcomes = await store.save([again, repeatedStart, fresh]);

    expect(outcomes).toEqual(
      new Map([
        [saga.instance.sagaId, 'duplicate'],
        [repeatedStart.after.sagaId, 'duplicate'],
        [fresh.after.sagaId, 'written'],
      ]),
    );
    expect((await store.load([saga.instance.sagaId])).sagas.get(saga.instance.sagaId)!.revision).toBe(2);
    expect((await store.load([repeatedStart.after.sagaId])).sagas.size).toBe(0);
    expect(await writtenRows(again)).toEqual({ inbox: 1, outbox: 0 });
  });

  it('refuses a new saga whose id or idempotency key is taken, and finds the holder by its key', async () => {
    const key = `key-${randomUUID()}`;
    const [holder] = await stored([startChange({ idempotencyKey: key })]);
    const sameId = startChange({}, holder.instance.sagaId);
    const sameKey = startChange({ idempotencyKey: key });
    const twinA = startChange({ idempotencyKey: `twin-${randomUUID()}` });
    const twinB = startChange({ idempotencyKey: twinA.before.attributes.idempotencyKey });
    const { store } = storeWith();

    const outcomes = await store.save([sameId, sameKey, twinA, twinB]);

    expect(outcomes.get(holder.instance.sagaId)).toBe('conflict');
    expect(outcomes.get(sameKey.after.sagaId)).toBe('conflict');
    // Two new sagas with one key in one batch: exactly one of them gets it.
    expect([outcomes.get(twinA.after.sagaId), outcomes.get(twinB.after.sagaId)].sort()).toEqual([
      'conflict',
      'written',
    ]);
    for (const refused of [sameId, sameKey])
      expect(await writtenRows(refused)).toEqual({ inbox: 0, outbox: 0 });
    const byKey = await store.load([], [], [{ sagaType: 'order-fulfillment', idempotencyKey: key }]);
    expect([...byKey.sagas.keys()]).toEqual([holder.instance.sagaId]);
    expect(byKey.sagas.get(holder.instance.sagaId)!.instance).toEqual(holder.instance);
  });

  it('lets a new saga take over a key whose lifetime has ended, and only then', async () => {
    const key = `expiring-${randomUUID()}`;
    const { store } = storeWith({ idempotencyKeyTtlMs: 60_000 });
    const old = startChange({ idempotencyKey: key, idempotencyKeyAt: new Date('2030-01-01T00:00:00Z') });
    await store.save([old]);
    const within = startChange({ idempotencyKey: key, idempotencyKeyAt: new Date('2030-01-01T00:00:59Z') });
    const after = startChange({ idempotencyKey: key, idempotencyKeyAt: new Date('2030-01-01T00:01:01Z') });

    expect(await store.save([within])).toEqual(new Map([[within.after.sagaId, 'conflict']]));
    expect(await store.save([after])).toEqual(new Map([[after.after.sagaId, 'written']]));

    const holders = await query<{ id: string }>(
      `SELECT "id" FROM "orchestrator"."saga_instance" WHERE "idempotency_key" = $1`,
      [key],
    );
    expect(holders).toEqual([{ id: after.after.sagaId }]);
    const { sagas } = await store.load([old.after.sagaId, after.after.sagaId]);
    expect(sagas.get(old.after.sagaId)!.attributes.idempotencyKey).toBeNull();
    expect(sagas.get(after.after.sagaId)!.attributes).toMatchObject({
      idempotencyKey: key,
      idempotencyKeyAt: new Date('2030-01-01T00:01:01Z'),
    });
  });

  it('rewrites only the step rows that changed, and keeps updated_at when the state did not change', async () => {
    const [saga] = await stored([startChange()]);
    const id = saga.instance.sagaId;
    const stepVersions = async () =>
      (
        await query<{ xmin: string }>(
          `SELECT xmin::text AS "xmin" FROM "orchestrator"."saga_step" WHERE "saga_id" = $1 ORDER BY "idx"`,
          [id],
        )
      ).map((row) => row.xmin);
    const updatedAt = async () =>
      (
        await query<{ updated_at: Date }>(
          `SELECT "updated_at" FROM "orchestrator"."saga_instance" WHERE "id" = $1`,
          [id],
        )
      )[0].updated_at;
    const before = await stepVersions();
    const { store } = storeWith();

    await store.save([replyChange(saga)]);

    const after = await stepVersions();
    expect(
      after.map((xmin, idx) => (xmin === before[idx] ? null : idx)).filter((idx) => idx !== null),
    ).toEqual([0, 1]);
    const replied = (await store.load([id])).sagas.get(id)!;
    const stamp = await updatedAt();
    const late = replyChange(replied, 'an-old-command');
    expect(late.after).toBe(replied.instance);
    expect(await store.save([late])).toEqual(new Map([[id, 'written']]));
    expect(await updatedAt()).toEqual(stamp);
    expect(await stepVersions()).toEqual(after);
    expect((await store.load([id])).sagas.get(id)!.revision).toBe(3);
  });

  it('wakes the relay at commit, unless the caller publishes; then it sweeps what the caller published', async () => {
    const listener = new Client({ connectionString: database.db.url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on('notification', (notification) => notifications.push(notification.payload ?? ''));
    await listener.query('LISTEN "orchestrator_outbox"');
    const published = [outboxRow(), outboxRow()];
    for (const record of published)
      await query(`INSERT INTO "orchestrator"."outbox" ("id", "subject", "payload") VALUES ($1, $2, '{}')`, [
        record.id,
        record.subject,
      ]);
    const handedOut: string[][] = [];
    const fast = storeWith({
      publishedAfterCommit: {
        takeForSweep: () => {
          const ids = handedOut.length === 0 ? published.map((record) => record.id) : [];
          handedOut.push(ids);
          return ids;
        },
      },
    });

    const quiet = startChange();
    expect(await fast.store.save([quiet])).toEqual(new Map([[quiet.after.sagaId, 'written']]));
    expect(await count('outbox', `"id" = ANY($1::uuid[])`, [published.map((record) => record.id)])).toBe(0);
    expect(await writtenRows(quiet)).toEqual({ inbox: 1, outbox: 1 });
    // Notifications arrive in commit order: once the marker is here, a notification of the save would be too.
    await query(`SELECT pg_notify('orchestrator_outbox', 'marker')`);
    await expectEventually(() => expect(notifications).toContain('marker'));
    expect(notifications).toEqual(['marker']);

    await storeWith().store.save([startChange()]);
    await expectEventually(() => expect(notifications).toEqual(['marker', '']));
    await listener.end();
  });

  it('writes each saga once when batches sharing sagas in opposite orders race', async () => {
    for (let round = 0; round < 5; round++) {
      const sagas = await stored(Array.from({ length: 10 }, () => startChange()));
      const ids = sagas.map((saga) => saga.instance.sagaId);
      const forward = sagas.map((saga) => replyChange(saga));
      const backward = sagas.map((saga) => replyChange(saga)).reverse();

      const [a, b] = await Promise.all([storeWith().store.save(forward), storeWith().store.save(backward)]);

      for (const id of ids) expect([a.get(id), b.get(id)].sort()).toEqual(['conflict', 'written']);
      const { sagas: reloaded } = await storeWith().store.load(ids);
      expect(ids.map((id) => reloaded.get(id)!.revision)).toEqual(ids.map(() => 2));
    }
  });

  it('refuses a batch it could not keep atomic per saga, before writing anything', async () => {
    const change = startChange();
    const { store, sql } = storeWith();
    await expect(store.save([change, { ...change }])).rejects.toThrow(/two changes in one batch/);
    const other = { ...startChange(), messages: change.messages };
    await expect(store.save([change, other])).rejects.toThrow(/handled by two sagas/);
    await expect(store.save([startChange({}, 'not-a-uuid')])).rejects.toThrow(/not a uuid/);
    expect(sql.statements).toBe(0);
    expect((await store.load([change.after.sagaId, 'not-a-uuid'])).sagas.size).toBe(0);
  });

  describe('writes exactly the rows the changes describe', () => {
    const at = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

    /** Every row of the saga tables, inbox and outbox, but what the database stamps itself. */
    async function tables() {
      return {
        instances: await query(
          `SELECT "id", "type", "version", "status", "current_step", "data", "idempotency_key", "idempotency_key_at",
             "business_key", "correlation_id", "trace_parent", "next_deadline_at", "deadline_reason",
             "deadline_step", "row_version", "updated_at" > "created_at" AS "touched"
           FROM "orchestrator"."saga_instance" ORDER BY "id"`,
        ),
        steps: await query(`SELECT * FROM "orchestrator"."saga_step" ORDER BY "saga_id", "idx"`),
        timeline: await query(
          `SELECT "saga_id", "seq", "at", "kind", "step", "detail" FROM "orchestrator"."saga_timeline" ORDER BY "saga_id", "seq"`,
        ),
        outbox: await query(
          `SELECT "id", "subject", "headers", "payload" FROM "orchestrator"."outbox" ORDER BY "seq"`,
        ),
        inbox: (
          await query<{ consumer: string; message_id: string }>(
            `SELECT "consumer", "message_id" FROM "orchestrator"."inbox"`,
          )
        ).sort(byJson),
      };
    }

    /** The rows of the sagas `written` (their history of changes, oldest first), as the tables above read them. */
    function expectedTables(written: SagaChange<OutboxRecord>[][]) {
      const sagas = written
        .map((history) => ({ history, last: history.at(-1)!, first: history[0] }))
        .sort((a, b) => (a.last.after.sagaId < b.last.after.sagaId ? -1 : 1));
      return {
        instances: sagas.map(({ history, first, last }) => {
          const attributes = first.before.attributes;
          return {
            id: last.after.sagaId,
            type: last.after.type,
            version: last.after.version,
            status: last.after.status,
            current_step: last.after.currentStep,
            data: last.after.data,
            idempotency_key: attributes.idempotencyKey ?? null,
            idempotency_key_at: attributes.idempotencyKey ? attributes.idempotencyKeyAt : null,
            business_key: attributes.businessKey ?? null,
            correlation_id: attributes.correlationId,
            trace_parent: attributes.traceParent ?? null,
            next_deadline_at: at(last.after.deadline?.at),
            deadline_reason: last.after.deadline?.reason ?? null,
            deadline_step: last.after.deadline?.step ?? null,
            row_version: history.length,
            touched: history.slice(1).some((change) => change.after !== change.before.instance),
          };
        }),
        steps: sagas.flatMap(({ last }) =>
          last.after.steps.map((step, idx) => ({
            saga_id: last.after.sagaId,
            idx,
            name: step.name,
            kind: step.kind,
            status: step.status,
            attempts: step.attempts,
            compensation_attempts: step.compensationAttempts,
            started_at: at(step.startedAt),
            ended_at: at(step.endedAt),
            last_error: step.error,
            last_command_id: step.lastCommandId,
            compensation_input: step.compensationInput ?? null,
            last_command_at: at(step.lastCommandAt),
          })),
        ),
        timeline: sagas.flatMap(({ history, last }) =>
          history
            .flatMap((change) => change.timeline)
            .map((entry, i) => ({
              saga_id: last.after.sagaId,
              seq: i + 1,
              at: new Date(entry.at),
              kind: entry.kind,
              step: entry.step,
              detail: entry.detail ?? {},
            })),
        ),
        outbox: written
          .flat()
          .sort((a, b) => order.indexOf(a) - order.indexOf(b))
          .flatMap((change) =>
            change.outgoing.map(({ id, subject, headers, payload }) => ({ id, subject, headers, payload })),
          ),
        inbox: written
          .flat()
          .flatMap((change) =>
            change.messages.map((m) => ({ consumer: m.consumer, message_id: m.messageId })),
          )
          .sort(byJson),
      };
    }

    /** The changes in the order they were saved (the outbox keeps it). */
    const order: SagaChange<OutboxRecord>[] = [];

    it('for starts, replies, a reply that changes nothing and a stale write', async () => {
      const store = new PgSagaStore(pgSql(pool));
      await pool.query(`TRUNCATE "orchestrator"."saga_instance", "orchestrator"."saga_step",
        "orchestrator"."saga_timeline", "orchestrator"."inbox", "orchestrator"."outbox"`);
      const save = async (changes: SagaChange<OutboxRecord>[]) => {
        order.push(...changes);
        return store.save(changes);
      };

      const starts = [
        startChange({
          idempotencyKey: 'same-rows',
          idempotencyKeyAt: new Date('2030-01-01T00:00:00Z'),
          businessKey: 'b-1',
        }),
        startChange({ traceParent: `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01` }),
        startChange(),
      ];
      await save(starts);
      const ids = starts.map((change) => change.after.sagaId);
      const loaded = (await store.load(ids)).sagas;
      const replies = starts.map((change) => replyChange(loaded.get(change.after.sagaId)!));
      await save(replies);
      const afterReplies = (await store.load(ids)).sagas;
      const late = replyChange(afterReplies.get(ids[0])!, 'an-old-command');
      expect(late.after).toBe(late.before.instance);
      const stale = replyChange(loaded.get(ids[1])!);
      const outcomes = await save([late, stale]);
      expect([...outcomes.values()]).toEqual(['written', 'conflict']);

      expect(await tables()).toEqual(
        expectedTables([
          [starts[0], replies[0], late],
          [starts[1], replies[1]],
          [starts[2], replies[2]],
        ]),
      );
    });
  });
});

function byJson(a: unknown, b: unknown): number {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
