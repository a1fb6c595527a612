import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { type AppConfig, runsWorker } from '@app/config';
import {
  CorrelationMiddleware,
  FlushTracingOnShutdown,
  MetricsModule,
  createLogger,
  requestLoggingModule,
} from '@app/observability';
import { AppConfigModule } from './app-config.module';
import { DatabaseModule, DatabaseOptions } from './database.module';
import { HealthModule } from './health/health.module';
import { NatsModule } from './nats.module';
import { OutboxRelayService } from './outbox-relay.service';
import { ORDER_ROWS, ParticipantCommandRunner } from './participant-command-runner';
import { MessagingRetentionService, RETENTION_SETTINGS, retentionSettings } from './retention.service';

export interface PlatformOptions {
  /** The service's own schema and entities; `false` for a service that owns no data (the gateway). */
  database: DatabaseOptions | false;
}

/**
 * What every app shares: validated config, one NATS connection with provisioned streams,
 * its database schema with the outbox relay, health, metrics, correlation ids and one log line
 * per HTTP request.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forService(config: AppConfig, options: PlatformOptions): DynamicModule {
    const database = options.database;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        AppConfigModule.forRoot(config),
        NatsModule.forRoot(),
        MetricsModule.forRoot({ service: config.service }),
        requestLoggingModule(createLogger({ service: config.service, level: config.logLevel })),
        HealthModule.forRoot({ database: database !== false }),
        ...(database ? [DatabaseModule.forService(config, database)] : []),
      ],
      providers: [
        FlushTracingOnShutdown,
        ...(database && runsWorker(config.role) ? [OutboxRelayService, MessagingRetentionService] : []),
        ...(database ? [{ provide: RETENTION_SETTINGS, useValue: retentionSettings() }] : []),
        ...(database
          ? [ParticipantCommandRunner, { provide: ORDER_ROWS, useValue: database.orderRows ?? [] }]
          : []),
      ],
      exports: database ? [DatabaseModule, ParticipantCommandRunner, RETENTION_SETTINGS] : [],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*');
  }
}
