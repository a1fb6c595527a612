import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { checkJetStream } from '@app/messaging';
import { NATS_CONNECTION } from '../nats.module';

type NatsConnection = Parameters<typeof checkJetStream>[0];

/** Ready only while the connection is up and the JetStream API answers. */
@Injectable()
export class JetStreamHealthIndicator {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'jetstream') {
    const indicator = this.health.check(key);
    try {
      await checkJetStream(this.connection);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
