import { DataSource } from 'typeorm';
import { DataOwningService, SERVICE_SCHEMAS } from '@app/config';
import { createDataSource, runMigrations } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { migrationsFor } from './index';

const SERVICES = Object.keys(SERVICE_SCHEMAS) as DataOwningService[];

describe.each(SERVICES)('migrations of %s', (service) => {
  const schema = SERVICE_SCHEMAS[service];
  let db: TestDatabase;
  const opened: DataSource[] = [];

  const open = async (): Promise<DataSource> => {
    const dataSource = createDataSource({
      url: db.url,
      schema,
      migrations: migrationsFor(service),
      poolSize: 1,
    });
    opened.push(await dataSource.initialize());
    return dataSource;
  };

  beforeEach(async () => {
    db = await createTestDatabase(`migrations_${service}`);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((dataSource) => dataSource.destroy()));
    await db.drop();
  });

  it('creates the schema with its inbox and outbox, then finds nothing pending', async () => {
    const dataSource = await open();
    const ran = await runMigrations(dataSource);

    expect(ran).toEqual(migrationsFor(service).map((migration) => new migration().name));
    expect(ran[0]).toBe('CreateMessagingTables1760000000000');
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual(
      expect.arrayContaining(['inbox', 'migrations', 'outbox']),
    );
    await expect(runMigrations(dataSource)).resolves.toEqual([]);
  });

  it('runs each migration once when two processes migrate at the same time', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    const runs = await Promise.all([runMigrations(first), runMigrations(second)]);

    expect(runs.flat()).toEqual(migrationsFor(service).map((migration) => new migration().name));
    const [{ count }] = await first.query(`SELECT count(*)::int AS count FROM "${schema}"."migrations"`);
    expect(count).toBe(migrationsFor(service).length);
  });
});
