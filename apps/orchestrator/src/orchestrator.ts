import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { SERVICE_SCHEMAS, idempotencyKeyTtlMs } from '@app/config';
import {
  GetSagaByBusinessKeyQuery,
  type GetSagaByBusinessKeyResult,
  GetSagaByOrderQuery,
  type GetSagaByOrderResult,
} from '@app/contracts';
import {
  JetStreamConsumer,
  JetStreamPublisher,
  type NatsConnection,
  QueryResponder,
  StreamProgress,
} from '@app/messaging';
import {
  DATABASE_CONNECTION_DEFAULTS,
  DatabaseAvailability,
  OutboxFastPath,
  poolSettings,
  probeDatabase,
} from '@app/persistence';
import type { Metrics } from '@app/observability';
import type { SagaModule } from '@app/saga-core';
import {
  MAX_REPLY_BYTES,
  MAX_START_BYTES,
  ORCHESTRATOR_CONSUMERS,
  ensureOrchestratorConsumers,
  replyHandlers,
  startHandlers,
} from './messaging/orchestrator-consumers';
import { JetStreamDeliveryWatch } from './messaging/jetstream-delivery-watch';
import type { OrchestratorSettings } from './orchestrator-settings';
import { DeadlineScheduler } from './runtime/deadline-scheduler';
import { SagaMetrics } from './runtime/saga-metrics';
import { REPLY_CONSUMER, type RuntimeLogger, SagaRuntime } from './runtime/saga-runtime';
import type { SagaRuntimeObserver } from './runtime/saga-runtime-observer';
import { type RegisteredSagas, registerSagas } from './runtime/registered-sagas';
import { tuneSagaDefinition } from './runtime/saga-tuning';
import { ORDER_FULFILLMENT } from './sagas/order-fulfillment';

export interface OrchestratorDependencies {
  /** The orchestrator's database, already migrated. */
  databaseUrl: string;
  connection: NatsConnection;
  settings: OrchestratorSettings;
  metrics?: Metrics;
  logger?: RuntimeLogger;
  /**
   * The sagas it runs, each with its start binding and the contracts it brings (the contract
   * registry is the platform's contracts plus these). The app lists them in its bootstrap.
   */
  sagas: readonly SagaModule[];
  /** The Idempotency-Key lifetime; default `IDEMPOTENCY_KEY_TTL_MS`, as the gateway's. */
  idempotencyKeyTtlMs?: number;
}

/**
 * One orchestrator process: the saga runtime, fed by the start and reply consumers and by the
 * deadline scheduler, and answering `GetSagaByOrderQuery` and `GetSagaByBusinessKeyQuery`. Framework-free; the Nest module
 * and the tests both build it here. Commands are published right after the batch that sends
 * them has committed (OutboxFastPath); the outbox relay, the platform's, run beside it, catches
 * any that were not.
 */
export class Orchestrator {
  readonly runtime: SagaRuntime;
  readonly scheduler: DeadlineScheduler;
  readonly sagas: RegisteredSagas;
  private readonly consumers: JetStreamConsumer[] = [];
  private readonly responders: Pick<QueryResponder<object, unknown>, 'stop'>[] = [];
  private readonly logger: RuntimeLogger;
  private readonly pool: Pool;
  /** The consumers pause while the database is unreachable, and its failures never dead-letter a message. */
  private readonly database: DatabaseAvailability;
  private readonly fastPath: OutboxFastPath;

  constructor(private readonly dependencies: OrchestratorDependencies) {
    const { settings } = dependencies;
    this.logger = dependencies.logger ?? new Logger(Orchestrator.name);
    // Start and reply handlers, the deadline scheduler and queries each hold one connection at a time.
    this.pool = new Pool(
      poolSettings({
        connectionString: dependencies.databaseUrl,
        max: settings.replyConcurrency * 2 + 4,
        application_name: 'orchestrator-runtime',
        // The saga statements are prepared, but PostgreSQL kept re-planning them at every bind (0.7 ms
        // of a 1.4 ms write): their lookups are all by key, so the generic plan is the right one.
        options: `${DATABASE_CONNECTION_DEFAULTS.options} -c plan_cache_mode=force_generic_plan`,
      }),
    );
    this.pool.on('error', (error) => this.logger.warn(`idle database connection failed: ${error.message}`));
    this.database = new DatabaseAvailability({
      probe: () => probeDatabase(dependencies.databaseUrl),
      logger: this.logger,
      name: 'orchestrator',
    });
    // Before any connection: a saga set it cannot run (a command without a reply contract) stops it here.
    this.sagas = registerSagas(dependencies.sagas, (definition) =>
      tuneSagaDefinition(definition, settings.tuning),
    );
    this.scheduler = new DeadlineScheduler({
      fire: (limit) => this.runtime.fireDueDeadlines(limit),
      pollMs: settings.deadlinePollMs,
      logger: this.logger,
    });
    const publisher = new JetStreamPublisher(dependencies.connection);
    this.fastPath = new OutboxFastPath({
      query: (text, values) => this.pool.query(text, values),
      schema: SERVICE_SCHEMAS.orchestrator,
      publish: (batch) => publisher.publishStored(batch),
      logger: this.logger,
    });
    const observers: SagaRuntimeObserver[] = [this.scheduler];
    if (dependencies.metrics) observers.push(new SagaMetrics(dependencies.metrics));
    this.runtime = new SagaRuntime({
      pool: this.pool,
      registry: this.sagas.registry,
      starts: this.sagas.starts,
      observers,
      outboxFastPath: this.fastPath,
      idempotencyKeyTtlMs: dependencies.idempotencyKeyTtlMs ?? idempotencyKeyTtlMs(),
      deliveryWatch: new JetStreamDeliveryWatch(new StreamProgress(dependencies.connection), REPLY_CONSUMER),
      logger: this.logger,
    });
  }

  /** Provisions the durable consumers, then starts consuming, firing deadlines and answering queries. */
  async start(): Promise<void> {
    const { connection, settings } = this.dependencies;
    await ensureOrchestratorConsumers(connection, settings.replyConcurrency * 64);
    this.consumers.push(
      new JetStreamConsumer(connection, {
        ...ORCHESTRATOR_CONSUMERS.starts,
        handlers: startHandlers(
          this.runtime,
          this.sagas.starts.map((binding) => binding.contract),
        ),
        concurrency: settings.replyConcurrency,
        maxBodyBytes: MAX_START_BYTES,
        logger: this.logger,
        infrastructure: this.database,
      }),
      new JetStreamConsumer(connection, {
        ...ORCHESTRATOR_CONSUMERS.replies,
        handlers: replyHandlers(this.runtime, this.sagas.replies),
        concurrency: settings.replyConcurrency,
        maxBodyBytes: MAX_REPLY_BYTES,
        logger: this.logger,
        infrastructure: this.database,
      }),
    );
    for (const consumer of this.consumers) await consumer.start();
    this.scheduler.start();
    this.responders.push(
      new QueryResponder(connection, {
        contract: GetSagaByOrderQuery,
        queue: 'orchestrator',
        // The order's own saga: sagas of other types about the order (its returns) have keys of their own.
        handle: async ({ orderId }) => {
          const saga = await this.runtime.findByBusinessKey(ORDER_FULFILLMENT, orderId);
          return saga ? (saga as GetSagaByOrderResult) : null;
        },
        logger: this.logger,
      }),
      new QueryResponder(connection, {
        contract: GetSagaByBusinessKeyQuery,
        queue: 'orchestrator',
        handle: async ({ type, businessKey }) => {
          const saga = await this.runtime.findByBusinessKey(type, businessKey);
          return saga ? (saga as GetSagaByBusinessKeyResult) : null;
        },
        logger: this.logger,
      }),
    );
  }

  /** Stops taking work, waits for the work in flight, then closes its database connections (not NATS). */
  async stop(): Promise<void> {
    await Promise.all(this.responders.map((responder) => responder.stop()));
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await this.scheduler.stop();
    await this.fastPath.stop();
    await this.pool.end();
  }
}
