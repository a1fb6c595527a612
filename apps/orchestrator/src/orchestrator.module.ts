import {
  BeforeApplicationShutdown,
  DynamicModule,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import type { SagaModule } from '@app/saga-core';
import { NATS_CONNECTION, type NatsConnection, PlatformModule } from '@app/platform';
import { AdminUiModule } from './admin/ui/admin-ui.module';
import { AdminModule } from './admin/admin.module';
import { Orchestrator } from './orchestrator';
import { ORCHESTRATOR_SETTINGS, type OrchestratorSettings } from './orchestrator-settings';
import { FinishedSagaRetentionService } from './retention/finished-saga-retention.service';
import { SagaRuntime } from './runtime/saga-runtime';

/** Starts the orchestrator once the app is up; stops it before NATS and the database close. */
@Injectable()
export class OrchestratorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly orchestrator: Orchestrator) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.orchestrator.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.orchestrator.stop();
  }
}

/** What the orchestrator runs; the app's bootstrap lists it. */
export interface OrchestratorModuleOptions {
  sagas: readonly SagaModule[];
}

/**
 * The orchestrator app: the platform (config, NATS, database, outbox relay, health, metrics),
 * the saga runtime and its admin API, running the saga modules it is given. Global, so that the
 * admin module it imports can inject the runtime.
 */
@Module({})
export class OrchestratorModule {
  static forRoot(
    config: AppConfig,
    settings: OrchestratorSettings,
    options: OrchestratorModuleOptions,
  ): DynamicModule {
    return {
      module: OrchestratorModule,
      global: true,
      imports: [
        // No TypeORM entities: the saga tables are read and written with plain SQL, all of it in persistence/.
        PlatformModule.forService(config, { database: { entities: [] } }),
        AdminModule,
        AdminUiModule,
      ],
      providers: [
        {
          provide: Orchestrator,
          inject: [APP_CONFIG, NATS_CONNECTION, Metrics],
          useFactory: (app: AppConfig, connection: NatsConnection, metrics: Metrics) =>
            new Orchestrator({
              databaseUrl: app.databaseUrl,
              connection,
              settings,
              metrics,
              sagas: options.sagas,
            }),
        },
        {
          provide: SagaRuntime,
          inject: [Orchestrator],
          useFactory: (orchestrator: Orchestrator) => orchestrator.runtime,
        },
        OrchestratorLifecycle,
        FinishedSagaRetentionService,
        { provide: ORCHESTRATOR_SETTINGS, useValue: settings },
      ],
      exports: [SagaRuntime, ORCHESTRATOR_SETTINGS],
    };
  }
}
