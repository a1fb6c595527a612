import type { NatsConnection } from '@app/platform';

/** Whether the gateway's NATS client is connected to a server right now. */
export interface BrokerLink {
  isConnected(): boolean;
}

export const BROKER_LINK = Symbol('BROKER_LINK');

type StatusSource = Pick<NatsConnection, 'isClosed' | 'status'>;

/**
 * Follows the connection's status events. While the client reconnects, a publish would wait in
 * its reconnect buffer: the request would get its 503 only after the ack timeout, and the buffered
 * start could still go out after the reconnect, starting a saga the client was told had failed.
 * Checking first answers 503 at once and sends nothing.
 */
export class NatsBrokerLink implements BrokerLink {
  private connected: boolean;

  constructor(connection: StatusSource) {
    this.connected = !connection.isClosed();
    void this.follow(connection);
  }

  isConnected(): boolean {
    return this.connected;
  }

  private async follow(connection: StatusSource): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') this.connected = false;
      else if (status.type === 'reconnect') this.connected = true;
    }
    this.connected = false; // the iteration ends when the connection is closed
  }
}
