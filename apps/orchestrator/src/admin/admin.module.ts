import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JetStreamDeadLetterStore } from '@app/messaging';
import { HttpErrorFilter, NATS_CONNECTION, type NatsConnection } from '@app/platform';
import { ORCHESTRATOR_SETTINGS, type OrchestratorSettings } from '../orchestrator-settings';
import { SagaCatalog } from '../persistence/queries/saga-catalog';
import { SagaCounts } from '../persistence/queries/saga-counts';
import { StepsNeedingAttention } from '../persistence/queries/steps-needing-attention';
import { typeormSql } from '../persistence/saga-sql';
import { AdminDeadLettersController } from './dead-letters/admin-dead-letters.controller';
import { DEAD_LETTER_STORE, DeadLetterDesk } from './dead-letters/dead-letter-desk';
import { AdminDefinitionsController } from './definitions/admin-definitions.controller';
import { AdminSagasController } from './sagas/admin-sagas.controller';
import { DEFAULT_ATTENTION_AFTER_ATTEMPTS } from './sagas/step-attention';
import { AdminStatsController } from './stats/admin-stats.controller';
import { AttentionGauge } from './stats/attention-gauge';
import { SagaStatsReader } from './stats/saga-stats';

/**
 * The operator's HTTP API under `/admin` (bearer token; DESIGN "Orchestrator admin HTTP").
 * Reads go through the app's TypeORM pool; actions go through the saga runtime, so they obey
 * the same state machine and write the same timeline as messages do.
 */
@Module({
  controllers: [
    AdminSagasController,
    AdminStatsController,
    AdminDefinitionsController,
    AdminDeadLettersController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpErrorFilter },
    {
      provide: SagaCatalog,
      inject: [getDataSourceToken(), ORCHESTRATOR_SETTINGS],
      useFactory: (dataSource: DataSource, settings: OrchestratorSettings) =>
        new SagaCatalog(
          typeormSql(dataSource),
          settings.attentionAfterAttempts ?? DEFAULT_ATTENTION_AFTER_ATTEMPTS,
        ),
    },
    {
      provide: StepsNeedingAttention,
      inject: [getDataSourceToken(), ORCHESTRATOR_SETTINGS],
      useFactory: (dataSource: DataSource, settings: OrchestratorSettings) =>
        new StepsNeedingAttention(
          typeormSql(dataSource),
          settings.attentionAfterAttempts ?? DEFAULT_ATTENTION_AFTER_ATTEMPTS,
        ),
    },
    {
      provide: SagaStatsReader,
      inject: [getDataSourceToken(), StepsNeedingAttention],
      useFactory: (dataSource: DataSource, attention: StepsNeedingAttention) =>
        new SagaStatsReader(new SagaCounts(typeormSql(dataSource)), attention),
    },
    AttentionGauge,
    {
      provide: DEAD_LETTER_STORE,
      inject: [NATS_CONNECTION],
      useFactory: (connection: NatsConnection) => new JetStreamDeadLetterStore(connection),
    },
    DeadLetterDesk,
  ],
})
export class AdminModule {}
