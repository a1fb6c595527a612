import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JetStreamPublisher } from '@app/messaging';
import { OutboxRecord, OutboxRelay } from '@app/persistence';
import { BeforeNatsClose } from './nats.module';

/** Publishes this service's outbox to JetStream, with `Nats-Msg-Id` = outbox row id. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    publisher: JetStreamPublisher,
    beforeClose: BeforeNatsClose,
  ) {
    this.relay = new OutboxRelay({
      url: config.databaseUrl,
      schema: config.schema as string,
      publish: (batch: OutboxRecord[]) => publishBatch(publisher, batch),
      logger: this.logger,
    });
    beforeClose.add(() => this.relay.stop());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }
}

async function publishBatch(publisher: JetStreamPublisher, batch: OutboxRecord[]): Promise<void> {
  await Promise.all(
    batch.map((record) =>
      publisher.publishRaw(record.subject, record.headers, JSON.stringify(record.payload), record.id),
    ),
  );
}
