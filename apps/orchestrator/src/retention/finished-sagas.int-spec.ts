import { randomUUID } from 'node:crypto';
import { RetentionSchedule } from '@app/persistence';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../test/orchestrator-database';
import { finishedSagasJob } from './finished-sagas';

const DAY_MS = 24 * 60 * 60 * 1_000;

describe('pruning finished sagas', () => {
  let database: OrchestratorDatabase;
  const query = (text: string, values: unknown[] = []) => database.dataSource.query(text, values);

  beforeAll(async () => {
    database = await openOrchestratorDatabase('finished_sagas');
  });
  afterAll(() => database.close());

  /** A saga last changed `ageDays` ago, with two steps and three timeline entries. */
  async function saga(status: string, ageDays: number): Promise<string> {
    const id = randomUUID();
    await query(
      `INSERT INTO "orchestrator"."saga_instance" ("id", "type", "version", "status", "data", "correlation_id", "updated_at")
       VALUES ($1::uuid, 'order-fulfillment', 1, $2, '{}', $1::text, now() - make_interval(days => $3))`,
      [id, status, ageDays],
    );
    await query(
      `INSERT INTO "orchestrator"."saga_step" ("saga_id", "idx", "name", "kind", "status")
       VALUES ($1, 0, 'a', 'compensatable', 'SUCCEEDED'), ($1, 1, 'b', 'pivot', 'SUCCEEDED')`,
      [id],
    );
    await query(
      `INSERT INTO "orchestrator"."saga_timeline" ("saga_id", "seq", "at", "kind")
       SELECT $1, g, now(), 'event' FROM generate_series(1, 3) g`,
      [id],
    );
    return id;
  }

  const remaining = async (table: string, ids: string[]) =>
    (
      (await query(
        `SELECT DISTINCT ${table === 'saga_instance' ? '"id"' : '"saga_id"'} AS "id" FROM "orchestrator"."${table}"
         WHERE ${table === 'saga_instance' ? '"id"' : '"saga_id"'} = ANY($1::uuid[])`,
        [ids],
      )) as Array<{ id: string }>
    )
      .map((row) => row.id)
      .sort();

  it('removes COMPLETED and COMPENSATED sagas older than the retention, with their steps and timeline', async () => {
    const oldCompleted = await Promise.all([1, 2, 3].map(() => saga('COMPLETED', 31)));
    const oldCompensated = await saga('COMPENSATED', 40);
    const kept = [
      await saga('COMPLETED', 29),
      await saga('RUNNING', 60),
      await saga('COMPENSATING', 60),
      await saga('FAILED', 60), // kept for an operator
    ].sort();
    const all = [...oldCompleted, oldCompensated, ...kept];
    const schedule = new RetentionSchedule({
      db: database.dataSource,
      jobs: [finishedSagasJob('orchestrator', 30 * DAY_MS)],
      intervalMs: 60_000,
      batchSize: 2,
      logger: { log: () => undefined, warn: () => undefined },
    });

    await expect(schedule.runOnce()).resolves.toEqual({ 'orchestrator.saga_instance (finished)': 4 });

    expect(await remaining('saga_instance', all)).toEqual(kept);
    expect(await remaining('saga_step', all)).toEqual(kept);
    expect(await remaining('saga_timeline', all)).toEqual(kept);
  });
});
