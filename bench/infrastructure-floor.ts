/**
 * The least CPU a saga of order-fulfillment's shape can cost on this machine, whatever the code
 * around it: the JetStream messages and PostgreSQL commits the design asks for, sent with the bare
 * `nats` and `pg` clients (on purpose not through libs/messaging or libs/persistence), and nothing
 * else: no validation, framework, logs, metrics or traces.
 *
 *   npx tsx bench/infrastructure-floor.ts --sagas 2000 --concurrency 64 [--events] [--http] [--batch N]
 *     [--processes]
 *
 * One saga is a durable start message, then for each of the six steps a command to the step's
 * service and its reply. Every message is a JetStream publish with `msgID`, awaited for its PubAck,
 * pulled by a durable consumer and acked. Every message handled is one autocommit statement (inbox
 * row, state change, outbox row for what it sends); outbox rows are deleted in batches.
 *
 * `--events` adds the domain event each command causes (issue 4 asks for them): one more outbox row
 * in the participant's statement and one more publish, to a stream nobody reads. `--http` starts
 * each saga as the bench does, with a `POST` of a sample order to a plain `node:http` gateway that
 * publishes the start and answers 202. `--no-database` skips every statement: the messaging alone.
 *
 * `--batch N` (default 1, the per-message design above) measures the floor of a batched design
 * instead: each consumer takes what has arrived, up to N messages, with no waiting timer (so at
 * concurrency 1 batches are of one), and handles them in one statement, hence one commit: a
 * data-modifying CTE over `unnest` arrays writes the inbox, state and outbox rows of the whole
 * batch. Then it fires every publish of the batch and awaits them together, and acks them all,
 * while the next batch commits (one commit at a time per consumer, which is what lets batches grow).
 * Each message still takes effect once: the inbox insert skips ids already seen (`ON CONFLICT DO
 * NOTHING`), and only the messages it returns write state, outbox rows and publishes.
 *
 * The gateway and the five services each have their own NATS connection, and the services a pg
 * pool, all in this one process (which spares them the cost of waking six processes). A private
 * nats-server and database are used; stop other load first (`npm start`), since PostgreSQL's CPU
 * is read across all its processes.
 *
 * `--processes` runs them as the product does, in six processes: the gateway and the load client
 * stay in this one, and each of the five services runs the same handlers in a child process of its
 * own (this script forked with a hidden `--service`), with its own NATS connection and pg pool. A
 * saga's end, which one process signals in memory, then crosses processes: the orchestrator's
 * process publishes the saga id on a core-NATS subject (`floor.ended`, no stream) that this one
 * subscribes to. It measures what being six processes costs over the same work.
 *
 * Prints one JSON line: sagas/s, latency, CPU ms per saga of this process (`clients`), nats-server
 * and PostgreSQL, the sagas/s that this CPU cost allows on `nproc` cores, the batch-size histogram
 * and the SQL commits per saga (handlers' and outbox sweeps'). With `--processes`, `clients` is the
 * gateway and load client alone, each service's process has its own CPU entry, and `total` counts
 * them all.
 */
import { randomUUID } from 'node:crypto';
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { AckPolicy, type JsMsg, type NatsConnection, connect } from 'nats';
import { Pool, type QueryConfig } from 'pg';
import { sampleOrderRequest } from '@app/contracts';
import { createTestDatabase, startNatsServer } from '@test/support';
import { ArrivalBatches } from './lib/arrival-batches';
import { BatchSizes } from './lib/batch-sizes';
import { percentile } from './lib/percentile';
import { CLOCK_TICKS_PER_SECOND, ticksByPid, ticksSince } from './lib/proc-stat';

const SERVICES = ['orchestrator', 'orders', 'inventory', 'payments', 'shipping'] as const;
type Service = (typeof SERVICES)[number];
type Participant = Exclude<Service, 'orchestrator'>;
const STEPS: readonly Service[] = ['orders', 'inventory', 'payments', 'shipping', 'payments', 'orders'];

interface Saga {
  sagaId: string;
  step: number;
}

interface Endpoint {
  nc: NatsConnection;
  pool: Pool;
}

/** What every consumer of the floor shares. */
interface Floor {
  services: ReadonlyMap<Service, Endpoint>;
  withEvents: boolean;
  withDatabase: boolean;
  /** Called once a saga's last reply is handled: resolves the client waiting for it. */
  sagaEnded(sagaId: string): void;
  sweepOf(service: Service): OutboxSweep;
  /** Every batch handled; without `--batch` each message is a batch of one. */
  batchSizes: BatchSizes;
  /** Statements the handlers sent, each its own autocommit transaction. */
  commits: { handlers: number };
}

/** One publish a batch makes once it has committed; `id` is the outbox row's. */
interface Send {
  subject: string;
  message: object;
  id: string;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sagas: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '64' },
      events: { type: 'boolean', default: false },
      http: { type: 'boolean', default: false },
      'no-database': { type: 'boolean', default: false },
      batch: { type: 'string', default: '1' },
      processes: { type: 'boolean', default: false },
      // Hidden: how a service's process (`--processes`) is told what it serves and where.
      service: { type: 'string' },
      'nats-url': { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const withEvents = values.events;
  const withHttp = values.http;
  const withDatabase = !values['no-database'];
  const batch = Number(values.batch);
  if (!(Number.isInteger(batch) && batch >= 1)) throw new Error(`--batch must be a whole number ≥ 1`);
  if (values.service !== undefined) {
    await serveInThisProcess(values.service as Service, {
      natsUrl: values['nats-url']!,
      databaseUrl: values['database-url']!,
      batch,
      withEvents,
      withDatabase,
    });
    return;
  }
  const total = Number(values.sagas);
  const concurrency = Number(values.concurrency);
  const inProcesses = values.processes;

  const server = await startNatsServer();
  const database = await createTestDatabase('floor');
  const admin = new Pool({ connectionString: database.url, max: 1 });
  const connections: NatsConnection[] = [];
  const pools: Pool[] = [];
  const open = async (name: string) => {
    const nc = await connect({ servers: server.url, name });
    connections.push(nc);
    return nc;
  };
  let children: ServiceProcesses | undefined;
  try {
    await createSchemas(admin);
    const gateway = await open('gateway');
    await provision(gateway);
    const ended = new Map<string, () => void>();
    const sagaEnded = (sagaId: string) => ended.get(sagaId)?.();
    let services: InProcessServices | undefined;
    if (inProcesses) {
      children = await ServiceProcesses.start((service) => [
        '--service',
        service,
        '--nats-url',
        server.url,
        '--database-url',
        database.url,
        '--batch',
        String(batch),
        ...(withEvents ? ['--events'] : []),
        ...(withDatabase ? [] : ['--no-database']),
      ]);
      gateway.subscribe(ENDED_SUBJECT, { callback: (_error, msg) => sagaEnded(msg.string()) });
      await gateway.flush();
    } else {
      services = await InProcessServices.start(
        (name) => open(name),
        () => {
          const pool = quietOnDrop(new Pool({ connectionString: database.url, max: 8 }));
          pools.push(pool);
          return pool;
        },
        { batch, withEvents, withDatabase, sagaEnded },
      );
    }

    // The start's id is the saga id, as the product's gateway sends it.
    const publishStart = (sagaId: string) => publish(gateway, 'floor.start', { sagaId }, sagaId);
    const httpGateway = withHttp ? await startGateway(publishStart) : undefined;
    const order = JSON.stringify(sampleOrderRequest());
    const startSaga = async (sagaId: string) => {
      if (!httpGateway) {
        await publishStart(sagaId);
        return;
      }
      const response = await fetch(`${httpGateway.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-saga-id': sagaId },
        body: order,
      });
      if (response.status !== 202) throw new Error(`gateway answered ${response.status}`);
      await response.arrayBuffer();
    };

    const natsPid = server.pid();
    const before = {
      self: process.cpuUsage(),
      children: ticksByPid(children?.pids() ?? []),
      nats: ticksByPid([natsPid]),
      pg: ticksByPid(postgresPids()),
    };
    const started = performance.now();
    let next = 0;
    const latencies: number[] = [];
    const client = async () => {
      while (next < total) {
        next += 1;
        const sagaId = randomUUID();
        const sent = performance.now();
        const finished = new Promise<void>((resolve) => ended.set(sagaId, resolve));
        await startSaga(sagaId);
        await finished;
        latencies.push(performance.now() - sent);
        ended.delete(sagaId);
      }
    };
    const load = Promise.all(Array.from({ length: concurrency }, client));
    await (children ? Promise.race([load, children.failed]) : load);
    const seconds = (performance.now() - started) / 1_000;
    latencies.sort((a, b) => a - b);
    const self = process.cpuUsage(before.self);
    const childMs = new Map(
      (children?.pids() ?? []).map((pid) => [
        pid,
        (ticksSince(before.children, [pid]) * 1_000) / CLOCK_TICKS_PER_SECOND,
      ]),
    );
    const natsMs = (ticksSince(before.nats, [natsPid]) * 1_000) / CLOCK_TICKS_PER_SECOND;
    const pgMs = (ticksSince(before.pg, postgresPids()) * 1_000) / CLOCK_TICKS_PER_SECOND;
    const selfMs = (self.user + self.system) / 1_000;
    const childrenMs = [...childMs.values()].reduce((sum, ms) => sum + ms, 0);
    const perSaga = (ms: number) => Math.round((ms / total) * 100) / 100;
    const totalPerSaga = perSaga(selfMs + childrenMs + natsMs + pgMs);
    const cores = availableParallelism();
    const counts = children ? await children.counts() : services!.counts();
    process.stdout.write(
      `${JSON.stringify({
        sagas: total,
        concurrency,
        events: withEvents,
        http: withHttp,
        database: withDatabase,
        ...(children ? { processes: 1 + SERVICES.length } : {}),
        messagesPerSaga: 1 + (withEvents ? 3 : 2) * STEPS.length,
        sagasPerSec: Math.round((total / seconds) * 10) / 10,
        p50Ms: round1(percentile(latencies, 50)),
        p95Ms: round1(percentile(latencies, 95)),
        cpuMsPerSaga: {
          clients: perSaga(selfMs),
          ...(children
            ? Object.fromEntries(
                SERVICES.map((service) => [service, perSaga(childMs.get(children!.pidOf(service)) ?? 0)]),
              )
            : {}),
          natsServer: perSaga(natsMs),
          postgres: perSaga(pgMs),
          total: totalPerSaga,
        },
        cores,
        maxSagasPerSecByCpu: Math.round((cores * 1_000) / totalPerSaga),
        batch,
        batchSizes: counts.batchSizes,
        sqlCommitsPerSaga: {
          handlers: perSaga(counts.handlerCommits),
          outboxSweeps: perSaga(counts.sweepCommits),
          total: perSaga(counts.handlerCommits + counts.sweepCommits),
        },
      })}\n`,
    );
    await httpGateway?.close();
    await (children ?? services!).stop();
  } finally {
    children?.kill();
    await Promise.all(connections.map((nc) => nc.close()));
    await Promise.all(pools.map((pool) => pool.end()));
    await admin.end();
    await database.drop();
    await server.dispose();
  }
}

/** The counts a run reports besides time and CPU, summed over the services. */
interface ServiceCounts {
  batchSizes: Record<string, number>;
  /** Statements the handlers sent, each its own autocommit transaction. */
  handlerCommits: number;
  /** The outbox sweeps' statements, each its own autocommit transaction. */
  sweepCommits: number;
}

/** What a service needs besides its connections, wherever it runs. */
interface ServiceSettings {
  batch: number;
  withEvents: boolean;
  withDatabase: boolean;
}

/** The five services in this process (the default): one floor, one histogram, shared counters. */
class InProcessServices {
  private constructor(
    private readonly floor: Floor,
    private readonly outboxSweeps: readonly OutboxSweep[],
    private readonly stopConsumers: ReadonlyArray<() => Promise<void>>,
  ) {}

  static async start(
    connectAs: (name: string) => Promise<NatsConnection>,
    newPool: () => Pool,
    settings: ServiceSettings & { sagaEnded(sagaId: string): void },
  ): Promise<InProcessServices> {
    const services = new Map<Service, Endpoint>();
    for (const service of SERVICES) {
      const pool = newPool();
      services.set(service, { nc: await connectAs(service), pool });
    }
    const outboxSweeps = SERVICES.map(
      (service) => new OutboxSweep(services.get(service)!.pool, service, settings.withDatabase),
    );
    const floor: Floor = {
      services,
      withEvents: settings.withEvents,
      withDatabase: settings.withDatabase,
      sagaEnded: settings.sagaEnded,
      sweepOf: (service) => outboxSweeps[SERVICES.indexOf(service)],
      batchSizes: new BatchSizes(),
      commits: { handlers: 0 },
    };
    const stopConsumers = SERVICES.flatMap((service) => consumersOf(floor, service, settings.batch));
    return new InProcessServices(floor, outboxSweeps, stopConsumers);
  }

  counts(): ServiceCounts {
    return {
      batchSizes: this.floor.batchSizes.toJSON(),
      handlerCommits: this.floor.commits.handlers,
      sweepCommits: this.outboxSweeps.reduce((sum, sweep) => sum + sweep.commits, 0),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.stopConsumers.map((stop) => stop()));
    await Promise.all(this.outboxSweeps.map((sweep) => sweep.stop()));
  }
}

/** Where the orchestrator's process says a saga has ended (`--processes`): core NATS, no stream. */
const ENDED_SUBJECT = 'floor.ended';

/** What the parent asks a service's process over the IPC channel, and what it answers. */
type ToService = 'counts' | 'stop';
type FromService = { type: 'ready' } | ({ type: 'counts' } & ServiceCounts);

/**
 * The five services, each in a child process of its own (`--processes`): this script forked with
 * `--service`, so each runs the same handlers as the default, with its own NATS connection and pool.
 */
class ServiceProcesses {
  /** Rejects once a service's process ends before it was told to stop. */
  readonly failed: Promise<never>;
  private stopping = false;

  private constructor(private readonly children: ReadonlyMap<Service, ChildProcess>) {
    this.failed = new Promise<never>((_resolve, reject) => {
      for (const [service, child] of children) {
        child.once('exit', (code, signal) => {
          if (!this.stopping) reject(new Error(`${service}'s process ended early (${code ?? signal})`));
        });
      }
    });
    // Raced against the load; left unobserved once the load has ended.
    this.failed.catch(() => undefined);
  }

  /** Forks the five and resolves once each has connected and started its consumers. */
  static async start(argsOf: (service: Service) => string[]): Promise<ServiceProcesses> {
    const children = new Map(
      SERVICES.map((service) => [service, fork(process.argv[1], argsOf(service))] as const),
    );
    const processes = new ServiceProcesses(children);
    await Promise.race([
      Promise.all([...children.values()].map((child) => answer(child, 'ready'))),
      processes.failed,
    ]);
    return processes;
  }

  pids(): number[] {
    return SERVICES.map((service) => this.pidOf(service));
  }

  pidOf(service: Service): number {
    return this.children.get(service)!.pid!;
  }

  /** The five processes' counts, summed. */
  async counts(): Promise<ServiceCounts> {
    const each = await Promise.race([
      Promise.all(
        [...this.children.values()].map(async (child) => {
          const counted = answer(child, 'counts');
          child.send('counts' satisfies ToService);
          return (await counted) as ServiceCounts;
        }),
      ),
      this.failed,
    ]);
    const batchSizes: Record<string, number> = {};
    for (const counts of each) {
      for (const [size, batches] of Object.entries(counts.batchSizes)) {
        batchSizes[size] = (batchSizes[size] ?? 0) + batches;
      }
    }
    return {
      batchSizes,
      handlerCommits: each.reduce((sum, counts) => sum + counts.handlerCommits, 0),
      sweepCommits: each.reduce((sum, counts) => sum + counts.sweepCommits, 0),
    };
  }

  /** Tells each to stop its consumers and sweep, and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.values()].map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send('stop' satisfies ToService);
        return exited;
      }),
    );
  }

  /** Ends, by pid, those still running (a run that failed before `stop`). */
  kill(): void {
    this.stopping = true;
    for (const child of this.children.values()) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  }
}

/** The child's next message of `type`. */
function answer(child: ChildProcess, type: FromService['type']): Promise<FromService> {
  return new Promise((resolve) => {
    const listener = (message: FromService) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}

/**
 * A service's process (`--processes`): its connections, its consumers and its outbox sweep, until
 * the parent says stop. Its counts go to the parent when asked. The orchestrator's signals each
 * saga's end on `ENDED_SUBJECT`, where the parent's waiting client hears it.
 */
async function serveInThisProcess(
  service: Service,
  settings: ServiceSettings & { natsUrl: string; databaseUrl: string },
): Promise<void> {
  if (!SERVICES.includes(service)) throw new Error(`no such service: ${service}`);
  const send = (message: FromService) => process.send!(message);
  let stopping = false;
  // A parent that died leaves no one to say stop.
  process.once('disconnect', () => {
    if (!stopping) process.exit(1);
  });
  const nc = await connect({ servers: settings.natsUrl, name: service });
  const pool = quietOnDrop(new Pool({ connectionString: settings.databaseUrl, max: 8 }));
  const sweep = new OutboxSweep(pool, service, settings.withDatabase);
  const floor: Floor = {
    services: new Map([[service, { nc, pool }]]),
    withEvents: settings.withEvents,
    withDatabase: settings.withDatabase,
    sagaEnded: (sagaId) => nc.publish(ENDED_SUBJECT, sagaId),
    sweepOf: () => sweep,
    batchSizes: new BatchSizes(),
    commits: { handlers: 0 },
  };
  const stopConsumers = consumersOf(floor, service, settings.batch);
  const stopAsked = new Promise<void>((resolve) => {
    process.on('message', (message: ToService) => {
      if (message === 'counts') {
        send({
          type: 'counts',
          batchSizes: floor.batchSizes.toJSON(),
          handlerCommits: floor.commits.handlers,
          sweepCommits: sweep.commits,
        });
      } else if (message === 'stop') resolve();
    });
  });
  send({ type: 'ready' });
  await stopAsked;
  stopping = true;
  await Promise.all(stopConsumers.map((stop) => stop()));
  await sweep.stop();
  await nc.close();
  await pool.end();
  process.disconnect();
}

async function createSchemas(admin: Pool): Promise<void> {
  await admin.query(`CREATE SCHEMA orchestrator;
    CREATE TABLE orchestrator.saga (id uuid PRIMARY KEY, step int NOT NULL, version int NOT NULL, data jsonb NOT NULL)`);
  for (const service of SERVICES) {
    if (service !== 'orchestrator') {
      await admin.query(`CREATE SCHEMA ${service};
        CREATE TABLE ${service}.effect (saga_id uuid, step int, PRIMARY KEY (saga_id, step))`);
    }
    await admin.query(`CREATE TABLE ${service}.inbox (message_id text PRIMARY KEY);
      CREATE TABLE ${service}.outbox (id uuid PRIMARY KEY, subject text NOT NULL, payload jsonb NOT NULL)`);
  }
}

async function provision(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: 'FLOOR_STARTS', subjects: ['floor.start'] });
  await jsm.streams.add({ name: 'FLOOR_COMMANDS', subjects: ['floor.cmd.>'] });
  await jsm.streams.add({ name: 'FLOOR_REPLIES', subjects: ['floor.reply.>'] });
  await jsm.streams.add({ name: 'FLOOR_EVENTS', subjects: ['floor.event.>'] });
  await jsm.consumers.add('FLOOR_STARTS', {
    durable_name: 'orchestrator-starts',
    ack_policy: AckPolicy.Explicit,
  });
  await jsm.consumers.add('FLOOR_REPLIES', { durable_name: 'orchestrator', ack_policy: AckPolicy.Explicit });
  for (const service of SERVICES.filter((s) => s !== 'orchestrator')) {
    await jsm.consumers.add('FLOOR_COMMANDS', {
      durable_name: service,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `floor.cmd.${service}`,
    });
  }
}

/** A gateway of the least work: parse the order, publish the start, answer 202. */
async function startGateway(
  startSaga: (sagaId: string) => Promise<unknown>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const order = JSON.parse(Buffer.concat(chunks).toString('utf8')) as object;
      const sagaId = String(request.headers['x-saga-id']);
      startSaga(sagaId).then(
        () =>
          response
            .writeHead(202, { 'content-type': 'application/json' })
            .end(JSON.stringify({ sagaId, order })),
        () => response.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Publishes with `Nats-Msg-Id` = the outbox row's id, as the relay does. */
async function publish(from: NatsConnection, subject: string, message: object, id: string): Promise<void> {
  await from.jetstream().publish(subject, JSON.stringify(message), { msgID: id });
}

/** One autocommit statement; skipped with `--no-database`, which leaves the messaging alone. */
async function write(floor: Floor, pool: Pool, query: QueryConfig): Promise<void> {
  if (!floor.withDatabase) return;
  floor.commits.handlers += 1;
  await pool.query(query);
}

/**
 * The consumers of one service: each runs where the service does, this process or its own. The
 * per-message design's or, with `--batch` above 1, the batched design's.
 */
function consumersOf(floor: Floor, service: Service, batch: number): Array<() => Promise<void>> {
  return batch === 1 ? perMessageConsumers(floor, service) : batchedConsumers(floor, service, batch);
}

/** The per-message design: each message is one statement, then its publishes, then its ack. */
function perMessageConsumers(floor: Floor, service: Service): Array<() => Promise<void>> {
  const { services, sweepOf, batchSizes } = floor;
  if (service !== 'orchestrator') return [perMessageParticipant(floor, service)];
  const orchestrator = services.get('orchestrator')!;
  return [
    consume(orchestrator.nc, 'FLOOR_STARTS', 'orchestrator-starts', batchSizes, async (msg) => {
      const saga = { sagaId: (msg.json() as Saga).sagaId, step: 0 };
      const outboxId = randomUUID();
      await write(floor, orchestrator.pool, {
        name: 'start',
        text: `WITH i AS (INSERT INTO orchestrator.inbox VALUES ($1)),
                    s AS (INSERT INTO orchestrator.saga VALUES ($2, 0, 1, $3::jsonb)),
                    o AS (INSERT INTO orchestrator.outbox VALUES ($4, $5, $3::jsonb))
               SELECT 1`,
        values: [msgIdOf(msg), saga.sagaId, JSON.stringify(saga), outboxId, `floor.cmd.${STEPS[0]}`],
      });
      await publish(orchestrator.nc, `floor.cmd.${STEPS[0]}`, saga, outboxId);
      sweepOf('orchestrator').published(outboxId);
    }),
    consume(orchestrator.nc, 'FLOOR_REPLIES', 'orchestrator', batchSizes, async (msg) => {
      const reply = msg.json() as Saga;
      const next = { sagaId: reply.sagaId, step: reply.step + 1 };
      const done = next.step === STEPS.length;
      const outboxId = randomUUID();
      await write(floor, orchestrator.pool, {
        name: 'reply',
        text: `WITH i AS (INSERT INTO orchestrator.inbox VALUES ($1)),
                    s AS (UPDATE orchestrator.saga SET step = $3, version = version + 1, data = $4::jsonb
                          WHERE id = $2 AND step = $3 - 1),
                    o AS (INSERT INTO orchestrator.outbox SELECT $5, $6, $4::jsonb WHERE NOT $7)
               SELECT 1`,
        values: [
          msgIdOf(msg),
          reply.sagaId,
          next.step,
          JSON.stringify(next),
          outboxId,
          done ? '' : `floor.cmd.${STEPS[next.step]}`,
          done,
        ],
      });
      if (done) {
        floor.sagaEnded(reply.sagaId);
        return;
      }
      await publish(orchestrator.nc, `floor.cmd.${STEPS[next.step]}`, next, outboxId);
      sweepOf('orchestrator').published(outboxId);
    }),
  ];
}

/** A participant's consumer in the per-message design: its command's statement, reply and event. */
function perMessageParticipant(floor: Floor, service: Participant): () => Promise<void> {
  const { withEvents, sweepOf, batchSizes } = floor;
  const { nc, pool } = floor.services.get(service)!;
  return consume(nc, 'FLOOR_COMMANDS', service, batchSizes, async (msg) => {
    const command = msg.json() as Saga;
    const outboxId = randomUUID();
    const eventId = randomUUID();
    await write(floor, pool, {
      name: 'command',
      text: `WITH i AS (INSERT INTO ${service}.inbox VALUES ($1)),
                      e AS (INSERT INTO ${service}.effect VALUES ($2, $3)),
                      o AS (INSERT INTO ${service}.outbox VALUES ($4, $5, $6::jsonb)),
                      v AS (INSERT INTO ${service}.outbox SELECT $7, $8, $6::jsonb WHERE $9)
                 SELECT 1`,
      values: [
        msgIdOf(msg),
        command.sagaId,
        command.step,
        outboxId,
        'floor.reply',
        msg.string(),
        eventId,
        'floor.event',
        withEvents,
      ],
    });
    await Promise.all([
      publish(nc, `floor.reply.${service}`, command, outboxId),
      withEvents ? publish(nc, `floor.event.${service}`, command, eventId) : undefined,
    ]);
    sweepOf(service).published(outboxId);
    if (withEvents) sweepOf(service).published(eventId);
  });
}

/**
 * The batched design: each consumer commits what has arrived, up to `max`, in one statement, then
 * publishes what that batch sends and acks it.
 */
function batchedConsumers(floor: Floor, service: Service, max: number): Array<() => Promise<void>> {
  if (service !== 'orchestrator') {
    return [
      consumeBatches(floor, service, 'FLOOR_COMMANDS', service, max, (msgs) =>
        executeCommands(floor, service, msgs),
      ),
    ];
  }
  return [
    consumeBatches(floor, 'orchestrator', 'FLOOR_STARTS', 'orchestrator-starts', max, (msgs) =>
      startSagas(floor, msgs),
    ),
    consumeBatches(floor, 'orchestrator', 'FLOOR_REPLIES', 'orchestrator', max, (msgs) =>
      advanceSagas(floor, msgs),
    ),
  ];
}

/**
 * A batch of starts: one statement creates every new saga and its first command's outbox row.
 * Answers what to publish. (So do the two handlers below.)
 */
async function startSagas(floor: Floor, msgs: readonly JsMsg[]): Promise<Send[]> {
  const { pool } = floor.services.get('orchestrator')!;
  const starts = distinctByMessageId(msgs).map((msg) => ({
    messageId: msgIdOf(msg),
    saga: { sagaId: (msg.json() as Saga).sagaId, step: 0 },
    outboxId: randomUUID(),
  }));
  const firstCommand = `floor.cmd.${STEPS[0]}`;
  const fresh = await writeBatch(
    floor,
    pool,
    {
      name: 'start-batch',
      text: `WITH input AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::jsonb[], $4::uuid[])
                              AS t(message_id, saga_id, data, outbox_id)),
                  i AS (INSERT INTO orchestrator.inbox SELECT message_id FROM input
                        ON CONFLICT DO NOTHING RETURNING message_id),
                  s AS (INSERT INTO orchestrator.saga
                        SELECT saga_id, 0, 1, data FROM input JOIN i USING (message_id)),
                  o AS (INSERT INTO orchestrator.outbox
                        SELECT outbox_id, $5, data FROM input JOIN i USING (message_id))
             SELECT message_id FROM i`,
      values: [
        starts.map((start) => start.messageId),
        starts.map((start) => start.saga.sagaId),
        starts.map((start) => JSON.stringify(start.saga)),
        starts.map((start) => start.outboxId),
        firstCommand,
      ],
    },
    starts.map((start) => start.messageId),
  );
  const sends = starts
    .filter((start) => fresh.has(start.messageId))
    .map((start) => ({ subject: firstCommand, message: start.saga, id: start.outboxId }));
  return sends;
}

/**
 * A batch of replies: one statement moves every saga a step on and writes the next commands'
 * outbox rows (none for a saga that has ended); then the next commands go out together.
 */
async function advanceSagas(floor: Floor, msgs: readonly JsMsg[]): Promise<Send[]> {
  const { pool } = floor.services.get('orchestrator')!;
  const replies = distinctByMessageId(msgs).map((msg) => {
    const reply = msg.json() as Saga;
    const next = { sagaId: reply.sagaId, step: reply.step + 1 };
    const done = next.step === STEPS.length;
    return {
      messageId: msgIdOf(msg),
      next,
      outboxId: randomUUID(),
      // No subject: the saga has ended and sends nothing more.
      subject: done ? null : `floor.cmd.${STEPS[next.step]}`,
    };
  });
  const fresh = await writeBatch(
    floor,
    pool,
    {
      name: 'reply-batch',
      text: `WITH input AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[], $5::uuid[],
                                                 $6::text[])
                              AS t(message_id, saga_id, step, data, outbox_id, subject)),
                  i AS (INSERT INTO orchestrator.inbox SELECT message_id FROM input
                        ON CONFLICT DO NOTHING RETURNING message_id),
                  s AS (UPDATE orchestrator.saga
                        SET step = n.step, version = saga.version + 1, data = n.data
                        FROM input n JOIN i USING (message_id)
                        WHERE saga.id = n.saga_id AND saga.step = n.step - 1),
                  o AS (INSERT INTO orchestrator.outbox
                        SELECT outbox_id, subject, data FROM input JOIN i USING (message_id)
                        WHERE subject IS NOT NULL)
             SELECT message_id FROM i`,
      values: [
        replies.map((reply) => reply.messageId),
        replies.map((reply) => reply.next.sagaId),
        replies.map((reply) => reply.next.step),
        replies.map((reply) => JSON.stringify(reply.next)),
        replies.map((reply) => reply.outboxId),
        replies.map((reply) => reply.subject),
      ],
    },
    replies.map((reply) => reply.messageId),
  );
  const applied = replies.filter((reply) => fresh.has(reply.messageId));
  for (const reply of applied) if (reply.subject === null) floor.sagaEnded(reply.next.sagaId);
  const sends = applied.flatMap((reply) =>
    reply.subject === null ? [] : [{ subject: reply.subject, message: reply.next, id: reply.outboxId }],
  );
  return sends;
}

/**
 * A batch of one participant's commands: one statement records every new command's effect, its
 * reply and (with `--events`) its domain event in the outbox; then all of them go out together.
 */
async function executeCommands(floor: Floor, service: Participant, msgs: readonly JsMsg[]): Promise<Send[]> {
  const { pool } = floor.services.get(service)!;
  const commands = distinctByMessageId(msgs).map((msg) => ({
    messageId: msgIdOf(msg),
    command: msg.json() as Saga,
    payload: msg.string(),
    replyId: randomUUID(),
    eventId: randomUUID(),
  }));
  const fresh = await writeBatch(
    floor,
    pool,
    {
      name: 'command-batch',
      text: `WITH input AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::jsonb[], $5::uuid[],
                                                 $6::uuid[])
                              AS t(message_id, saga_id, step, payload, reply_id, event_id)),
                  i AS (INSERT INTO ${service}.inbox SELECT message_id FROM input
                        ON CONFLICT DO NOTHING RETURNING message_id),
                  e AS (INSERT INTO ${service}.effect SELECT saga_id, step FROM input JOIN i USING (message_id)),
                  o AS (INSERT INTO ${service}.outbox
                        SELECT reply_id, 'floor.reply', payload FROM input JOIN i USING (message_id)
                        UNION ALL
                        SELECT event_id, 'floor.event', payload FROM input JOIN i USING (message_id) WHERE $7)
             SELECT message_id FROM i`,
      values: [
        commands.map((c) => c.messageId),
        commands.map((c) => c.command.sagaId),
        commands.map((c) => c.command.step),
        commands.map((c) => c.payload),
        commands.map((c) => c.replyId),
        commands.map((c) => c.eventId),
        floor.withEvents,
      ],
    },
    commands.map((c) => c.messageId),
  );
  const sends: Send[] = commands
    .filter((c) => fresh.has(c.messageId))
    .flatMap((c) => [
      { subject: `floor.reply.${service}`, message: c.command, id: c.replyId },
      ...(floor.withEvents ? [{ subject: `floor.event.${service}`, message: c.command, id: c.eventId }] : []),
    ]);
  return sends;
}

/**
 * One statement, one commit, for a whole batch; answers the message ids it saw for the first time
 * (the inbox insert's `RETURNING`), the only ones whose effects were written. Without a database
 * every message counts as new.
 */
async function writeBatch(
  floor: Floor,
  pool: Pool,
  query: QueryConfig,
  messageIds: readonly string[],
): Promise<Set<string>> {
  if (!floor.withDatabase) return new Set(messageIds);
  floor.commits.handlers += 1;
  const { rows } = await pool.query<{ message_id: string }>(query);
  return new Set(rows.map((row) => row.message_id));
}

/** Fires every publish at once and awaits the PubAcks together: one round trip's wait, not n. */
async function publishAll(nc: NatsConnection, sends: readonly Send[]): Promise<void> {
  const js = nc.jetstream();
  await Promise.all(
    sends.map((send) => js.publish(send.subject, JSON.stringify(send.message), { msgID: send.id })),
  );
}

/** After a batch's commit: its publishes together, then every message of the batch acked. */
async function publishAndAck(
  nc: NatsConnection,
  sweep: OutboxSweep,
  sends: readonly Send[],
  msgs: readonly JsMsg[],
): Promise<void> {
  await publishAll(nc, sends);
  sweep.published(...sends.map((send) => send.id));
  for (const msg of msgs) msg.ack();
}

/**
 * A message delivered twice into the same batch (a redelivery while the first was in flight) is
 * written once; the unnest join would otherwise apply it twice. Both copies are acked.
 */
function distinctByMessageId(msgs: readonly JsMsg[]): JsMsg[] {
  const byId = new Map<string, JsMsg>();
  for (const msg of msgs) if (!byId.has(msgIdOf(msg))) byId.set(msgIdOf(msg), msg);
  return [...byId.values()];
}

/** Pulls with `consume`, handles up to 64 messages at once, acks each after its handler. */
function consume(
  nc: NatsConnection,
  stream: string,
  durable: string,
  batchSizes: BatchSizes,
  handle: (msg: JsMsg) => Promise<void>,
): () => Promise<void> {
  const running = new Set<Promise<void>>();
  let stopMessages: (() => Promise<void>) | undefined;
  const loop = (async () => {
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    stopMessages = () => messages.close().then(() => undefined);
    for await (const msg of messages) {
      batchSizes.record(1);
      const handling = handle(msg).then(
        () => msg.ack(),
        (error: Error) => {
          process.stderr.write(`${durable}: ${error.message}\n`);
          msg.nak();
        },
      );
      running.add(handling);
      void handling.finally(() => running.delete(handling));
    }
  })();
  return async () => {
    await stopMessages?.();
    await loop;
    await Promise.all(running);
  };
}

/**
 * Pulls with `consume` and hands what has arrived to `commit`, up to `max` messages at a time and
 * one batch at a time (which is what lets batches grow under load). The batch's publishes and
 * acks then run beside the next batch's commit, so waiting for PubAcks never holds the consumer.
 */
function consumeBatches(
  floor: Floor,
  service: Service,
  stream: string,
  durable: string,
  max: number,
  commit: (msgs: JsMsg[]) => Promise<Send[]>,
): () => Promise<void> {
  const { nc } = floor.services.get(service)!;
  const publishing = new Set<Promise<void>>();
  // A failed statement committed nothing, so the redelivery is handled afresh. A failed publish
  // leaves its outbox row, as in the per-message design (a relay, not run here, would send it).
  const fail = (msgs: readonly JsMsg[], error: Error) => {
    process.stderr.write(`${durable}: ${error.message}\n`);
    for (const msg of msgs) msg.nak();
  };
  const batches = new ArrivalBatches<JsMsg>(max, async (msgs) => {
    floor.batchSizes.record(msgs.length);
    let sends: Send[];
    try {
      sends = await commit(msgs);
    } catch (error) {
      fail(msgs, error as Error);
      return;
    }
    const published = publishAndAck(nc, floor.sweepOf(service), sends, msgs).catch((error: Error) =>
      fail(msgs, error),
    );
    publishing.add(published);
    void published.finally(() => publishing.delete(published));
  });
  let stopMessages: (() => Promise<void>) | undefined;
  const loop = (async () => {
    const consumer = await nc.jetstream().consumers.get(stream, durable);
    // The pull buffer holds at least a full batch, and no less than the per-message design's 64.
    const messages = await consumer.consume({ max_messages: Math.max(64, max) });
    stopMessages = () => messages.close().then(() => undefined);
    for await (const msg of messages) batches.push(msg);
  })();
  return async () => {
    await stopMessages?.();
    await loop;
    await batches.idle();
    await Promise.all(publishing);
  };
}

/** Deletes published outbox rows every 20 ms in one statement, as a relay sweep does. */
class OutboxSweep {
  /** Statements sent, each its own autocommit transaction. */
  commits = 0;
  private ids: string[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly enabled: boolean,
  ) {
    this.timer = setInterval(() => void this.sweep(), 20);
  }

  published(...ids: string[]): void {
    if (this.enabled) this.ids.push(...ids);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweep();
  }

  private async sweep(): Promise<void> {
    if (this.ids.length === 0) return;
    const ids = this.ids;
    this.ids = [];
    this.commits += 1;
    await this.pool.query(`DELETE FROM ${this.schema}.outbox WHERE id = ANY($1::uuid[])`, [ids]);
  }
}

/** The database is dropped WITH (FORCE) at the end: an idle client cut off then is no error. */
function quietOnDrop(pool: Pool): Pool {
  pool.on('error', () => undefined);
  return pool;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function msgIdOf(msg: JsMsg): string {
  return msg.headers?.get('Nats-Msg-Id') ?? `${msg.info.stream}:${msg.seq}`;
}

function postgresPids(): number[] {
  return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
}

main().catch((error: unknown) => {
  process.stderr.write(`infrastructure-floor: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
