import { Pool } from 'pg';
import { SagaRegistry } from '@app/saga-core';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../test/orchestrator-database';
import { startChange } from '../../test/saga-changes';
import { pgSql } from '../persistence/saga-sql';
import { PgSagaStore } from '../persistence/store/pg-saga-store';
import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { SagaRuntime } from './saga-runtime';

describe('SagaRuntime firing due deadlines', () => {
  let database: OrchestratorDatabase;
  let pool: Pool;
  const errors: string[] = [];

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_due_deadlines');
    pool = new Pool({ connectionString: database.db.url, max: 4 });
  });

  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    errors.length = 0;
    await pool.query(`DROP TRIGGER IF EXISTS "poisoned_timeline" ON "orchestrator"."saga_timeline"`);
    await pool.query(`TRUNCATE "orchestrator"."saga_instance", "orchestrator"."saga_step",
      "orchestrator"."saga_timeline", "orchestrator"."inbox", "orchestrator"."outbox"`);
  });

  /** Sagas waiting for their first reply, their command published (out of the outbox). */
  async function waitingSagas(count: number): Promise<string[]> {
    const changes = Array.from({ length: count }, () => startChange());
    await new PgSagaStore(pgSql(pool)).save(changes);
    await pool.query(`DELETE FROM "orchestrator"."outbox"`);
    return changes.map((change) => change.after.sagaId);
  }

  /** A runtime whose clock is past every deadline of `waitingSagas`. */
  const runtime = () =>
    new SagaRuntime({
      pool,
      registry: new SagaRegistry([orderFulfillmentSaga as never]),
      starts: [],
      clock: { now: () => new Date('2031-01-01T00:00:00.000Z') },
      failedDeadlineDelayMs: 60_000,
      logger: { warn: () => undefined, error: (message) => errors.push(message) },
    });

  const sagaRows = async (ids: string[]) =>
    (
      await pool.query<{ id: string; row_version: number; next_deadline_at: Date; entries: number }>(
        `SELECT i."id", i."row_version", i."next_deadline_at",
           (SELECT count(*)::int FROM "orchestrator"."saga_timeline" t WHERE t."saga_id" = i."id") AS "entries"
         FROM "orchestrator"."saga_instance" i WHERE i."id" = ANY($1::uuid[])`,
        [ids],
      )
    ).rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));

  it('loads the due sagas once and fires them in one batch', async () => {
    const ids = await waitingSagas(3);
    const loads = jest.spyOn(PgSagaStore.prototype, 'load');
    const saves = jest.spyOn(PgSagaStore.prototype, 'save');

    await expect(runtime().fireDueDeadlines(10)).resolves.toBe(3);

    expect(loads).toHaveBeenCalledTimes(1);
    expect(saves).toHaveBeenCalledTimes(1);
    expect((await sagaRows(ids)).map((row) => row.row_version)).toEqual([2, 2, 2]);
    expect(errors).toEqual([]);
  });

  it('when the batch’s save fails, fires the sagas one by one and postpones only the one that fails alone', async () => {
    const ids = await waitingSagas(3);
    const [, poisoned] = ids;
    const before = await sagaRows(ids);
    await pool.query(`CREATE OR REPLACE FUNCTION "orchestrator"."refuse_timeline"() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'timeline refused for %', NEW."saga_id"; END $$`);
    await pool.query(`CREATE TRIGGER "poisoned_timeline" BEFORE INSERT ON "orchestrator"."saga_timeline"
      FOR EACH ROW WHEN (NEW."saga_id" = '${poisoned}') EXECUTE FUNCTION "orchestrator"."refuse_timeline"()`);
    const saves = jest.spyOn(PgSagaStore.prototype, 'save');

    await expect(runtime().fireDueDeadlines(10)).resolves.toBe(3);

    expect(saves).toHaveBeenCalledTimes(4); // the batch, then each saga alone
    const after = await sagaRows(ids);
    expect(after.map((row) => row.row_version)).toEqual([2, 2, 2]); // the poisoned one by its postponement
    expect(after.map((row) => row.entries > before[0].entries)).toEqual([true, false, true]);
    expect(after[1].next_deadline_at).toEqual(new Date('2031-01-01T00:01:00.000Z'));
    expect(errors).toEqual([
      expect.stringContaining(`deadline of saga ${poisoned} failed, retrying in 60000 ms`),
    ]);
  });
});
