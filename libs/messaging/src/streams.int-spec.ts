import { DiscardPolicy, NatsConnection, RetentionPolicy, nanos } from 'nats';
import { TestNatsServer, startNatsServer } from '@test/support';
import { MessagingFixture, startMessagingFixture } from '../test/messaging-fixture';
import { closeNats, connectNats } from './connection';
import { ensureConsumer } from './durable-consumer';
import { checkJetStream } from './health';
import { DUPLICATE_WINDOW_MS, STREAMS, ensureStreams, streamConfig } from './streams';

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
      retention: 'workqueue',
      discard: 'new',
      max_age: 0,
      max_bytes: STREAMS.SAGA_COMMANDS.maxBytes,
      num_replicas: 1,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
    for (const name of ['SAGA_STARTS', 'SAGA_REPLIES'])
      expect((await jsm.streams.info(name)).config).toMatchObject({ retention: 'workqueue', discard: 'new' });
    expect((await jsm.streams.info('DOMAIN_EVENTS')).config).toMatchObject({
      retention: 'limits',
      discard: 'old',
      max_age: nanos(STREAMS.DOMAIN_EVENTS.maxAgeMs),
      max_bytes: STREAMS.DOMAIN_EVENTS.maxBytes,
    });
    expect((await jsm.streams.info('SAGA_DLQ')).config).toMatchObject({
      subjects: ['saga.dlq.>'],
      retention: 'limits',
      discard: 'new',
      max_bytes: STREAMS.SAGA_DLQ.maxBytes,
    });
  });

  it('brings a stream whose configuration drifted back to the design, keeping its messages', async () => {
    const jsm = await nc.jetstreamManager();
    const drifted = (await jsm.streams.info('SAGA_REPLIES')).config;
    await jsm.streams.update('SAGA_REPLIES', { ...drifted, max_age: nanos(3_600_000), max_bytes: 1_000_000 });
    await nc.jetstream().publish('saga.reply.test.kept', 'kept');

    await ensureStreams(nc, { replicas: 1 });

    const info = await jsm.streams.info('SAGA_REPLIES');
    expect(info.config).toMatchObject({ max_age: 0, max_bytes: STREAMS.SAGA_REPLIES.maxBytes });
    expect(info.state.messages).toBe(1);
    await jsm.streams.purge('SAGA_REPLIES');
  });

  it('work streams keep a message until a consumer acknowledges it, then drop it', async () => {
    const jsm = await nc.jetstreamManager();
    const subject = 'saga.cmd.retention-test.act';
    await nc.jetstream().publish(subject, 'before any consumer exists');
    expect((await jsm.streams.info('SAGA_COMMANDS', { subjects_filter: subject })).state.subjects).toEqual({
      [subject]: 1,
    });
    await ensureConsumer(nc, {
      stream: 'SAGA_COMMANDS',
      durable: 'retention-test',
      filterSubjects: [subject],
    });
    const consumer = await nc.jetstream().consumers.get('SAGA_COMMANDS', 'retention-test');
    const message = await consumer.next({ expires: 5_000 });
    expect(message?.string()).toBe('before any consumer exists');
    await message!.ackAck();
    const after = await jsm.streams.info('SAGA_COMMANDS', { subjects_filter: subject });
    expect(after.state.subjects ?? {}).toEqual({});
    await jsm.consumers.delete('SAGA_COMMANDS', 'retention-test');
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
      max_deliver: -1, // the consumer decides when to dead-letter (infrastructure failures do not count)
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

describe('ensureStreams on a server holding streams of an earlier version (limits retention)', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;

  beforeEach(async () => {
    server = await startNatsServer();
    nc = await connectNats({ servers: [server.url], streamReplicas: 1 }, 'migration-test', silent);
    const jsm = await nc.jetstreamManager();
    for (const definition of Object.values(STREAMS)) {
      await jsm.streams.add({
        ...streamConfig(definition, 1),
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_bytes: -1,
      });
    }
  });
  afterEach(async () => {
    await closeNats(nc);
    await server.dispose();
  });

  const handleEverything = async (stream: string, durable: string, filter: string, count: number) => {
    await ensureConsumer(nc, { stream, durable, filterSubjects: [filter] });
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    for (let handled = 0; handled < count; handled++)
      await (await consumer.next({ expires: 5_000 }))!.ackAck();
  };

  it('recreates a work stream whose messages were all handled, with work-queue retention', async () => {
    const jsm = await nc.jetstreamManager();
    await nc.jetstream().publish('saga.cmd.payment.authorize', 'handled');
    await nc.jetstream().publish('saga.cmd.payment.authorize', 'handled too');
    await handleEverything('SAGA_COMMANDS', 'payment', 'saga.cmd.payment.>', 2);
    await nc.jetstream().publish('events.order.created', 'a fact');

    const log: string[] = [];
    await ensureStreams(nc, { replicas: 1, log: (line) => log.push(line) });

    expect(log).toEqual(
      ['SAGA_STARTS', 'SAGA_COMMANDS', 'SAGA_REPLIES'].map(
        (name) => `${name}: recreated with workqueue retention (it held nothing unhandled)`,
      ),
    );
    const commands = await jsm.streams.info('SAGA_COMMANDS');
    expect(commands.config.retention).toBe(RetentionPolicy.Workqueue);
    expect(commands.state.messages).toBe(0);
    // Its consumers went with it; the app creates its own again at start.
    expect(await jsm.consumers.list('SAGA_COMMANDS').next()).toEqual([]);
    const events = await jsm.streams.info('DOMAIN_EVENTS');
    expect(events.config).toMatchObject({ retention: 'limits', max_bytes: STREAMS.DOMAIN_EVENTS.maxBytes });
    expect(events.state.messages).toBe(1);
    await ensureStreams(nc, { replicas: 1 });
    expect((await jsm.streams.info('SAGA_COMMANDS')).created).toEqual(commands.created);
  });

  it('refuses, in one line saying what to do, while a work stream holds unhandled messages', async () => {
    const jsm = await nc.jetstreamManager();
    await nc.jetstream().publish('saga.cmd.payment.authorize', 'handled');
    await handleEverything('SAGA_COMMANDS', 'payment', 'saga.cmd.payment.>', 1);
    await nc.jetstream().publish('saga.cmd.payment.authorize', 'not yet delivered');
    await nc.jetstream().publish('saga.cmd.shipping.schedule', 'no consumer yet');

    const attempt = ensureStreams(nc, { replicas: 1 });

    await expect(attempt).rejects.toThrow(
      'cannot provision JetStream stream SAGA_COMMANDS: SAGA_COMMANDS must move from limits to workqueue retention ' +
        '(by deleting and recreating it) but holds unhandled messages (consumer payment has 1 undelivered and 0 unacknowledged messages; ' +
        '1 messages on saga.cmd.shipping.schedule have no consumer): run the previous version until they are handled, ' +
        'or drop them with `nats stream rm SAGA_COMMANDS`, then start again',
    );
    await expect(attempt).rejects.not.toThrow(/\n/);
    const untouched = await jsm.streams.info('SAGA_COMMANDS');
    expect(untouched.config.retention).toBe(RetentionPolicy.Limits);
    expect(untouched.state.messages).toBe(3);
  });

  it('refuses while a message is delivered but not acknowledged yet', async () => {
    await nc.jetstream().publish('saga.reply.payment.authorize', 'in flight');
    await ensureConsumer(nc, {
      stream: 'SAGA_REPLIES',
      durable: 'orchestrator',
      filterSubjects: ['saga.reply.>'],
    });
    const consumer = await nc.jetstream().consumers.get('SAGA_REPLIES', 'orchestrator');
    expect(await consumer.next({ expires: 5_000 })).not.toBeNull();

    await expect(ensureStreams(nc, { replicas: 1 })).rejects.toThrow(
      'consumer orchestrator has 0 undelivered and 1 unacknowledged messages',
    );
  });
});
