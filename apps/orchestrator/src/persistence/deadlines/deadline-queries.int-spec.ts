import { randomUUID } from 'node:crypto';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../../test/orchestrator-database';
import { startChange } from '../../../test/saga-changes';
import { typeormSql } from '../saga-sql';
import { PgSagaStore } from '../store/pg-saga-store';
import { DeadlineQueries } from './deadline-queries';

describe('DeadlineQueries', () => {
  let database: OrchestratorDatabase;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_deadline_queries');
  });

  afterAll(async () => {
    await database.close();
  });

  const deadlines = () => new DeadlineQueries(typeormSql(database.dataSource));

  /** A saga that has sent its first command and waits for its reply; returns the stored instance. */
  async function storedStartedSaga() {
    const change = startChange();
    const saved = await new PgSagaStore(typeormSql(database.dataSource)).save([change]);
    expect(saved.get(change.after.sagaId)).toBe('written');
    await database.dataSource.query(`DELETE FROM "orchestrator"."outbox"`);
    return change.after;
  }

  it('hands each due deadline to one of several concurrent claimers', async () => {
    const due = [await storedStartedSaga(), await storedStartedSaga()];
    const later = new Date(Date.parse(due[0].deadline!.at) + 1);

    const claims = await database.dataSource.transaction(async (manager) => {
      const firstClaim = await new DeadlineQueries(typeormSql(manager)).claimDue(later, later, 1);
      const secondClaim = await database.dataSource.transaction((other) =>
        new DeadlineQueries(typeormSql(other)).claimDue(later, later, 10),
      );
      return [firstClaim, secondClaim];
    });

    const dueIds = due.map((saga) => saga.sagaId);
    expect(claims[0]).toHaveLength(1);
    expect(claims[1]).toEqual(expect.arrayContaining(dueIds.filter((id) => id !== claims[0][0])));
    expect(claims[1]).not.toContain(claims[0][0]);
    const before = new Date(Date.parse(due[0].deadline!.at) - 1);
    expect(await deadlines().claimDue(before, before, 10)).toEqual([]);
  });

  it('claims a due reply timeout only once the replies stored before it have been handled', async () => {
    const saga = await storedStartedSaga();
    const dueAt = Date.parse(saga.deadline!.at);
    const later = new Date(dueAt + 1);
    const claim = (repliesHandledBefore: Date) =>
      database.dataSource.transaction((manager) =>
        new DeadlineQueries(typeormSql(manager)).claimDue(later, repliesHandledBefore, 10),
      );

    expect(await claim(new Date(dueAt - 1))).not.toContain(saga.sagaId);
    expect(await claim(new Date(dueAt))).toContain(saga.sagaId);
  });

  it('tells whether a claim would find a due deadline, with one statement outside any transaction', async () => {
    const saga = await storedStartedSaga();
    const dueAt = Date.parse(saga.deadline!.at);
    const later = new Date(dueAt + 1);
    const [{ earliest }] = (await database.dataSource.query(
      `SELECT min("next_deadline_at") AS "earliest" FROM "orchestrator"."saga_instance"`,
    )) as { earliest: Date }[];
    const beforeAll = new Date(earliest.getTime() - 1);

    expect(await deadlines().anyDue(beforeAll, beforeAll)).toBe(false);
    // A reply timeout waits for the replies stored before it, as claimDue does.
    expect(await deadlines().anyDue(later, new Date(0))).toBe(false);
    expect(await deadlines().anyDue(later, later)).toBe(true);
    // A deadline another transaction has claimed still counts: the pass then claims what it can.
    await database.dataSource.transaction(async (manager) => {
      const claimed = await new DeadlineQueries(typeormSql(manager)).claimDue(later, later, 100);
      expect(claimed).toContain(saga.sagaId);
      expect(await deadlines().anyDue(later, later)).toBe(true);
    });
  });

  it('tells which commands are still in the outbox, unpublished', async () => {
    const commandId = randomUUID();
    const other = randomUUID();
    const outbox = '"orchestrator"."outbox"';
    await database.dataSource.query(
      `INSERT INTO ${outbox} ("id", "subject", "payload") VALUES ($1, 'saga.cmd.order.create', '{}')`,
      [commandId],
    );
    expect(await deadlines().unpublished([commandId, other])).toEqual(new Set([commandId]));
    await database.dataSource.query(`DELETE FROM ${outbox} WHERE "id" = $1`, [commandId]);
    expect(await deadlines().unpublished([commandId, other])).toEqual(new Set());
    expect(await deadlines().unpublished([])).toEqual(new Set());
  });

  it('postpones a deadline, moving the row version so a write decided before it conflicts', async () => {
    const saga = await storedStartedSaga();
    const at = new Date('2031-01-01T00:00:00.000Z');

    await deadlines().postpone(saga.sagaId, at);

    const [row] = (await database.dataSource.query(
      `SELECT "next_deadline_at", "row_version" FROM "orchestrator"."saga_instance" WHERE "id" = $1`,
      [saga.sagaId],
    )) as { next_deadline_at: Date; row_version: number }[];
    expect(row).toEqual({ next_deadline_at: at, row_version: 2 });
  });
});

describe('DeadlineQueries.anyDue on a table of finished sagas', () => {
  let database: OrchestratorDatabase;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_deadline_any_due_plan');
    // As after a burst of load: the statistics were taken while many sagas waited on a deadline,
    // and they have all finished since (no deadline left), before the next ANALYZE.
    await database.dataSource.query(
      `ALTER TABLE "orchestrator"."saga_instance" SET (autovacuum_enabled = false)`,
    );
    await database.dataSource.query(
      `INSERT INTO "orchestrator"."saga_instance"
         ("id", "type", "version", "status", "data", "correlation_id", "next_deadline_at", "deadline_reason")
       SELECT gen_random_uuid(), 'order-fulfillment', 1, 'RUNNING', '{}'::jsonb, gen_random_uuid()::text,
              now() - interval '1 hour', 'retry-backoff'
       FROM generate_series(1, 20000)`,
    );
    await database.dataSource.query(`ANALYZE "orchestrator"."saga_instance"`);
    await database.dataSource.query(
      `UPDATE "orchestrator"."saga_instance"
       SET "status" = 'COMPLETED', "next_deadline_at" = NULL, "deadline_reason" = NULL`,
    );
  });

  afterAll(async () => {
    await database.close();
  });

  it('reads the deadline index, not every saga row, when nothing is due', async () => {
    const statements: { text: string; values?: unknown[] }[] = [];
    const sql = typeormSql(database.dataSource);
    const recording = new DeadlineQueries({
      rows: (statement) => {
        statements.push(statement);
        return sql.rows(statement);
      },
    });
    const now = new Date();

    expect(await recording.anyDue(now, now)).toBe(false);

    const [{ text, values }] = statements;
    const plan = (await database.dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, values)) as {
      'QUERY PLAN': unknown;
    }[];
    const shown = JSON.stringify(plan[0]['QUERY PLAN']);
    expect(shown).toContain('saga_instance_next_deadline_at');
    expect(shown).not.toContain('Seq Scan');
  });
});
