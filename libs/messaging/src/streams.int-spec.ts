import { NatsConnection, nanos } from 'nats';
import { startNatsServer } from '@test/support';
import { MessagingFixture, startMessagingFixture } from '../test/messaging-fixture';
import { closeNats, connectNats } from './connection';
import { ensureConsumer } from './durable-consumer';
import { checkJetStream } from './health';
import { DUPLICATE_WINDOW_MS, STREAMS, ensureStreams } from './streams';

describe('stream and consumer provisioning', () => {
  let fixture: MessagingFixture;
  let nc: NatsConnection;

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    nc = fixture.nc;
  });
  afterAll(() => fixture.dispose());

  it('creates the five streams of the design, and running it again changes nothing', async () => {
    const jsm = await nc.jetstreamManager();
    await ensureStreams(nc, { replicas: 1 });
    const before = await jsm.streams.info('SAGA_STARTS');
    await ensureStreams(nc, { replicas: 1 });
    expect((await jsm.streams.info('SAGA_STARTS')).config).toEqual(before.config);
    const streams = await jsm.streams.list().next();
    expect(streams.map((info) => info.config.name).sort()).toEqual(
      ['DOMAIN_EVENTS', 'SAGA_COMMANDS', 'SAGA_DLQ', 'SAGA_REPLIES', 'SAGA_STARTS'].sort(),
    );
    const commands = await jsm.streams.info('SAGA_COMMANDS');
    expect(commands.config).toMatchObject({
      subjects: ['saga.cmd.>'],
      storage: 'file',
      retention: 'limits',
      num_replicas: 1,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(STREAMS.SAGA_COMMANDS.maxAgeMs),
    });
    expect((await jsm.streams.info('SAGA_DLQ')).config.subjects).toEqual(['saga.dlq.>']);
  });

  it('brings a stream whose configuration drifted back to the design, keeping its messages', async () => {
    const jsm = await nc.jetstreamManager();
    const drifted = (await jsm.streams.info('SAGA_REPLIES')).config;
    await jsm.streams.update('SAGA_REPLIES', { ...drifted, max_age: nanos(3_600_000) });
    await nc.jetstream().publish('saga.reply.test.kept', 'kept');

    await ensureStreams(nc, { replicas: 1 });

    const info = await jsm.streams.info('SAGA_REPLIES');
    expect(info.config.max_age).toBe(nanos(STREAMS.SAGA_REPLIES.maxAgeMs));
    expect(info.state.messages).toBe(1);
  });

  it('creates a durable pull consumer with explicit acks and updates it idempotently', async () => {
    const spec = {
      stream: 'SAGA_COMMANDS',
      durable: 'provisioning-test',
      filterSubjects: ['saga.cmd.provisioning.>'],
      ackWaitMs: 5_000,
      maxDeliver: 4,
      maxAckPending: 50,
    };
    const created = await ensureConsumer(nc, spec);
    expect(created.config).toMatchObject({
      durable_name: 'provisioning-test',
      ack_policy: 'explicit',
      filter_subject: 'saga.cmd.provisioning.>',
      ack_wait: nanos(5_000),
      max_deliver: 5, // one spare delivery, so a crash on the last attempt still ends in the DLQ
      max_ack_pending: 50,
    });
    await expect(ensureConsumer(nc, spec)).resolves.toMatchObject({ created: created.created });

    const updated = await ensureConsumer(nc, { ...spec, ackWaitMs: 9_000, maxAckPending: 10 });
    expect(updated.config).toMatchObject({ ack_wait: nanos(9_000), max_ack_pending: 10 });
  });

  it('explains that nats-server 2.9 needs a wildcard or one consumer per subject for several filters', async () => {
    const attempt = ensureConsumer(nc, {
      stream: 'SAGA_REPLIES',
      durable: 'several-filters',
      filterSubjects: ['saga.reply.order.create', 'saga.reply.payment.authorize'],
    });
    await expect(attempt).rejects.toThrow(
      /SAGA_REPLIES\/several-filters: .*filter_subjects.*use one wildcard filter subject or one consumer per subject/,
    );
    await expect(
      ensureConsumer(nc, { stream: 'SAGA_REPLIES', durable: 'no-filters', filterSubjects: [] }),
    ).rejects.toThrow('needs at least one filter subject');
  });

  it('reports JetStream health, and a closed connection as unhealthy', async () => {
    await expect(checkJetStream(nc)).resolves.toBeUndefined();
    const other = await connectNats(
      { servers: [fixture.server.url], streamReplicas: 1 },
      'health-test',
      silent,
    );
    await closeNats(other);
    await expect(checkJetStream(other)).rejects.toThrow('NATS connection is closed');
  });
});

const silent = { warn: () => undefined, error: () => undefined };

describe('connectNats', () => {
  it('waits for a server that is not running yet, and drains on close', async () => {
    const server = await startNatsServer();
    await server.stop();
    try {
      const connecting = connectNats(
        { servers: [server.url], streamReplicas: 1 },
        'late-server-test',
        silent,
      );
      let connected = false;
      void connecting.then(() => (connected = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(connected).toBe(false);

      await server.restart();
      const connection = await connecting;
      await expect(checkJetStream(connection)).resolves.toBeUndefined();
      await closeNats(connection);
      expect(connection.isClosed()).toBe(true);
      await closeNats(connection); // closing twice is harmless
    } finally {
      await server.dispose();
    }
  });
});
