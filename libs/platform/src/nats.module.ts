import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  JetStreamPublisher,
  closeNats,
  connectNats,
  ensureStreams,
  followConnectionState,
} from '@app/messaging';
import { provisionWhenReady } from './provision-streams';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** Whether `NATS_CONNECTION` is up right now (`ConnectionState`), for answers that must not wait out a reconnect. */
export const NATS_CONNECTION_STATE = Symbol('NATS_CONNECTION_STATE');
export type NatsConnection = Awaited<ReturnType<typeof connectNats>>;

/** Work that must finish while NATS is still connected (e.g. the outbox relay's last batch). */
export class BeforeNatsClose {
  private readonly steps: Array<() => Promise<void>> = [];

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    await Promise.all(this.steps.map((step) => step()));
  }
}

/**
 * One NATS connection per process, with the streams provisioned before anything publishes.
 * It is closed (drained) after Nest has stopped the JetStream consumers, which happens in
 * the application's dispose phase, before shutdown hooks run.
 */
const logger = new Logger('NATS');

@Global()
@Module({})
export class NatsModule implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly beforeClose: BeforeNatsClose,
  ) {}

  static forRoot(): DynamicModule {
    return {
      module: NatsModule,
      providers: [
        {
          provide: NATS_CONNECTION,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const connection = await connectNats(config.nats, config.service);
            await provisionWhenReady(
              () => ensureStreams(connection, { replicas: config.nats.streamReplicas }),
              (message) => logger.warn(message),
            );
            return connection;
          },
        },
        {
          provide: NATS_CONNECTION_STATE,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection) => followConnectionState(connection),
        },
        {
          provide: JetStreamPublisher,
          inject: [NATS_CONNECTION],
          useFactory: (connection: NatsConnection) => new JetStreamPublisher(connection),
        },
        BeforeNatsClose,
      ],
      exports: [NATS_CONNECTION, NATS_CONNECTION_STATE, JetStreamPublisher, BeforeNatsClose],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.beforeClose.run();
    await closeNats(this.connection);
  }
}
