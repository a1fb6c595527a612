import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JetStreamPublisher, onReconnect } from '@app/messaging';
import { Metrics, PlatformMetrics } from '@app/observability';
import { OutboxRecord, OutboxRelay, pendingOutboxCount } from '@app/persistence';
import { BeforeNatsClose, NATS_CONNECTION, NatsConnection } from './nats.module';

/**
 * Publishes this service's outbox to JetStream, with `Nats-Msg-Id` = outbox row id, and reports
 * the rows still waiting (`outbox_pending_rows`, counted on each scrape). After a NATS outage the
 * relay retries as soon as the connection is back, not when its grown backoff runs out.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    publisher: JetStreamPublisher,
    beforeClose: BeforeNatsClose,
    metrics: Metrics,
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const schema = config.schema as string;
    this.relay = new OutboxRelay({
      url: config.databaseUrl,
      schema,
      publish: (batch: OutboxRecord[]) => publisher.publishStored(batch),
      logger: this.logger,
    });
    void onReconnect(connection, () => this.relay.retryNow());
    const stopObserving = metrics.observeGauge(PlatformMetrics.outboxPendingRows, async () => [
      { labels: { schema }, value: await pendingOutboxCount(dataSource, schema) },
    ]);
    beforeClose.add(() => {
      stopObserving();
      return this.relay.stop();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }
}
