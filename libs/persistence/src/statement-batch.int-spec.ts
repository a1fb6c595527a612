import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase } from '@test/support';
import { createDataSource } from './database/create-data-source';
import { runStatementBatch } from './statement-batch';

describe('runStatementBatch', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('batch');
    dataSource = await createDataSource({ url: db.url, schema: 'public' }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('returns the rows of each statement, in order', async () => {
    const results = await dataSource.transaction((manager) =>
      runStatementBatch(manager, ['SELECT 1 AS one', 'SELECT n FROM generate_series(1, 3) AS n'], []),
    );

    expect(results).toEqual([[{ one: 1 }], [{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it('inlines values verbatim, however they are quoted, and never re-reads a placeholder inside one', async () => {
    const awkward = [`it's`, 'back\\slash', `"$2" and $1`, '', 'ünïcødé; DROP TABLE x; --'];
    const statement = awkward.map((_, index) => `$${index + 1}::text AS v${index}`).join(', ');

    const [[row]] = await dataSource.transaction((manager) =>
      runStatementBatch(manager, [`SELECT ${statement}`], awkward),
    );

    expect(Object.values(row as object)).toEqual(awkward);
  });

  it('refuses a placeholder without a value', async () => {
    await expect(
      dataSource.transaction((manager) => runStatementBatch(manager, ['SELECT $1, $2'], ['only one'])),
    ).rejects.toThrow('no value for $2');
  });

  it('refuses to run outside a transaction', async () => {
    await expect(runStatementBatch(dataSource.manager, ['SELECT 1'], [])).rejects.toThrow(
      'inside a transaction',
    );
  });

  it('runs in the caller transaction: a rollback undoes it', async () => {
    await dataSource.query('CREATE TABLE "batch_effects" ("note" text NOT NULL)');

    await expect(
      dataSource.transaction(async (manager) => {
        await runStatementBatch(manager, ['INSERT INTO "batch_effects" VALUES ($1)'], ['rolled back']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    expect(await dataSource.query('SELECT count(*)::int AS count FROM "batch_effects"')).toEqual([
      { count: 0 },
    ]);
  });
});
