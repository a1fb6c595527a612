import { connect, StorageType } from 'nats';
import { TestNatsCluster, startNatsCluster } from '@test/support';

describe('a private three-node NATS cluster', () => {
  let cluster: TestNatsCluster;

  beforeAll(async () => {
    cluster = await startNatsCluster();
  });
  afterAll(() => cluster?.dispose());

  it('keeps a replicated stream writable and complete with one node killed, and takes the node back', async () => {
    expect(cluster.url.split(',')).toHaveLength(3);
    const nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1 });
    try {
      const jsm = await nc.jetstreamManager();
      const js = nc.jetstream();
      await jsm.streams.add({
        name: 'PROBE',
        subjects: ['probe.>'],
        num_replicas: 3,
        storage: StorageType.File,
      });
      expect((await jsm.streams.info('PROBE')).cluster?.replicas).toHaveLength(2);

      await js.publish('probe.a', new TextEncoder().encode('before'));
      const killed = 0;
      await cluster.kill(killed);
      expect(cluster.running(killed)).toBe(false);
      expect(cluster.pid(killed)).toBeUndefined();

      // Two of three replicas keep the quorum: a publish is still acknowledged (after a
      // reconnect and possibly a leader election, so it is retried until it lands).
      await publishUntilAcked(() =>
        js.publish('probe.a', new TextEncoder().encode('during'), { msgID: 'during' }),
      );
      expect((await jsm.streams.info('PROBE')).state.messages).toBe(2);

      await cluster.start(killed);
      expect(cluster.running(killed)).toBe(true);
      await publishUntilAcked(() =>
        js.publish('probe.a', new TextEncoder().encode('after'), { msgID: 'after' }),
      );
      expect((await jsm.streams.info('PROBE')).state.messages).toBe(3);
    } finally {
      await nc.close();
    }
  });

  it('refuses a node index it does not have', async () => {
    await expect(cluster.kill(3)).rejects.toThrow(RangeError);
  });
});

async function publishUntilAcked(publish: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await publish();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
