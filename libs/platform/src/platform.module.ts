import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { CorrelationMiddleware, MetricsModule } from '@app/observability';
import { AppConfigModule } from './app-config.module';
import { DatabaseModule, DatabaseOptions } from './database.module';
import { HealthModule } from './health/health.module';
import { NatsModule } from './nats.module';
import { OutboxRelayService } from './outbox-relay.service';
import { ParticipantCommandRunner } from './participant-command-runner';

export interface PlatformOptions {
  /** The service's own schema and entities; `false` for a service that owns no data (the gateway). */
  database: DatabaseOptions | false;
}

/**
 * What every app shares: validated config, one NATS connection with provisioned streams,
 * its database schema with the outbox relay, health, metrics and correlation ids.
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
        HealthModule.forRoot({ database: database !== false }),
        ...(database ? [DatabaseModule.forService(config, database)] : []),
      ],
      providers: database ? [OutboxRelayService, ParticipantCommandRunner] : [],
      exports: database ? [DatabaseModule, ParticipantCommandRunner] : [],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*');
  }
}
