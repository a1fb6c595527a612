import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type ConnectionState, checkJetStream } from '@app/messaging';
import { NATS_CONNECTION, NATS_CONNECTION_STATE } from '../nats.module';

type NatsConnection = Parameters<typeof checkJetStream>[0];

/**
 * Ready only while the connection is up and the JetStream API answers. While the client
 * reconnects it answers "down" at once: asking JetStream then would only wait out the check's
 * timeout, longer than a probe usually waits.
 */
@Injectable()
export class JetStreamHealthIndicator {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(NATS_CONNECTION_STATE) private readonly state: ConnectionState,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'jetstream') {
    const indicator = this.health.check(key);
    if (!this.state.isConnected()) return indicator.down({ message: 'NATS connection lost; reconnecting' });
    try {
      await checkJetStream(this.connection);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
