import { Client } from 'pg';
import { startPostgresCluster } from '@test/support';

describe('private PostgreSQL cluster', () => {
  it('keeps committed rows across a stop and a start, and refuses connections while stopped', async () => {
    const cluster = await startPostgresCluster();
    try {
      const database = await cluster.createDatabase('cluster_probe');
      const write = new Client({ connectionString: database.url });
      await write.connect();
      await write.query('create table probe (id int primary key)');
      await write.query('insert into probe values (1), (2)');
      await write.end();

      await cluster.stop();
      expect(cluster.running()).toBe(false);
      const refused = new Client({ connectionString: database.url, connectionTimeoutMillis: 2_000 });
      await expect(refused.connect()).rejects.toThrow();

      await cluster.start();
      const read = new Client({ connectionString: database.url });
      await read.connect();
      const { rows } = await read.query('select count(*)::int as n from probe');
      expect(rows[0].n).toBe(2);
      await read.end();
      await database.drop();
    } finally {
      await cluster.dispose();
    }
  });
});
