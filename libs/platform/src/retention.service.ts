import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, idempotencyKeyTtlMs, isParticipant } from '@app/config';
import { DEFAULT_BACKOFF, DUPLICATE_WINDOW_MS } from '@app/messaging';
import {
  type DuplicateWindows,
  RetentionSchedule,
  type RetentionSettings,
  messagingPruneJobs,
  retentionSettingsFromEnv,
} from '@app/persistence';

/** The `RetentionSettings` the app runs with (read and checked when the module is built). */
export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');

/**
 * The longest a message of a durable consumer keeps coming back: 10 counted deliveries plus one
 * spare (`ensureConsumer`), each after at most the default ack wait (30 s) and the longest nak
 * backoff. Database outages do not count deliveries: the inbox retention must outlast them too.
 */
export const REDELIVERY_SPAN_MS = 11 * (30_000 + DEFAULT_BACKOFF.maxMs);

export function duplicateWindows(env: NodeJS.ProcessEnv = process.env): DuplicateWindows {
  return {
    duplicateWindowMs: DUPLICATE_WINDOW_MS,
    redeliverySpanMs: REDELIVERY_SPAN_MS,
    idempotencyKeyTtlMs: idempotencyKeyTtlMs(env),
  };
}

/** Reads the retention variables; throws one line naming a bad one (see `retentionSettingsFromEnv`). */
export function retentionSettings(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  return retentionSettingsFromEnv(duplicateWindows(env), env);
}

/** Prunes the service's inbox, and a participant's command ledger, on the configured schedule. */
@Injectable()
export class MessagingRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly schedule: RetentionSchedule;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(RETENTION_SETTINGS) settings: RetentionSettings,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.schedule = new RetentionSchedule({
      db: dataSource,
      jobs: messagingPruneJobs(config.schema as string, isParticipant(config.service), settings),
      intervalMs: settings.pruneIntervalMs,
      batchSize: settings.batchSize,
      logger: new Logger(MessagingRetentionService.name),
    });
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.schedule.stop();
  }
}
