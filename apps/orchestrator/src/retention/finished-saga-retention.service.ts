import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SERVICE_SCHEMAS } from '@app/config';
import { type RetentionSettings, RetentionSchedule } from '@app/persistence';
import { RETENTION_SETTINGS } from '@app/platform';
import { finishedSagasJob } from './finished-sagas';

/** Prunes finished sagas on the retention schedule (`FINISHED_SAGA_RETENTION_MS`). */
@Injectable()
export class FinishedSagaRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly schedule: RetentionSchedule;

  constructor(
    @Inject(RETENTION_SETTINGS) settings: RetentionSettings,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.schedule = new RetentionSchedule({
      db: dataSource,
      jobs: [finishedSagasJob(SERVICE_SCHEMAS.orchestrator, settings.finishedSagaRetentionMs)],
      intervalMs: settings.pruneIntervalMs,
      batchSize: settings.batchSize,
      logger: new Logger(FinishedSagaRetentionService.name),
    });
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.schedule.stop();
  }
}
