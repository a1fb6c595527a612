import { Client } from 'pg';
import { connect } from 'nats';
import { createTestDatabase, expectEventually, pollUntil, startNatsServer } from '@test/support';

describe('test support', () => {
  it('starts a private JetStream server that survives a restart', async () => {
    const server = await startNatsServer();
    try {
      const nc = await connect({ servers: server.url });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'PROBE', subjects: ['probe.>'] });
      await nc.close();
      await server.restart();
      const again = await connect({ servers: server.url });
      const info = await (await again.jetstreamManager()).streams.info('PROBE');
      expect(info.config.name).toBe('PROBE');
      await again.close();
    } finally {
      await server.dispose();
    }
  });

  it('creates and drops an isolated database', async () => {
    const db = await createTestDatabase('support');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('select current_database() as name');
    expect(rows[0].name).toBe(db.name);
    await client.end();
    await db.drop();
  });

  it('polls until a value appears and fails clearly when it never does', async () => {
    let calls = 0;
    await expect(pollUntil(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })).resolves.toBe(3);
    await expect(pollUntil(() => false, { timeoutMs: 30, intervalMs: 5 }, 'never')).rejects.toThrow(
      'waiting for never',
    );
    let tries = 0;
    await expectEventually(() => expect(++tries).toBeGreaterThan(2), { intervalMs: 1 });
  });
});
