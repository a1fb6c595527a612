import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import type { Envelope } from '@app/contracts';
import { ensureConsumer } from '../src/durable-consumer';
import { JetStreamConsumer, JetStreamConsumerOptions, MessageOutcome } from '../src/jetstream-consumer';
import { HandlerContext, MessageHandler, MessageHandlerMap, handlersByType } from '../src/message-handler';
import { JetStreamPublisher } from '../src/jetstream-publisher';
import { MessagingFixture, recordingLogger, startMessagingFixture } from './messaging-fixture';
import { WidgetCommand, WidgetPayload } from './widget-contract';

export interface Delivery {
  envelope: Envelope<WidgetPayload>;
  deliveryCount: number;
  at: number;
}

/** Starts consumers on fresh durables of SAGA_COMMANDS with test-sized timings, and stops them all at the end. */
export class ConsumerHarness {
  private readonly running: JetStreamConsumer[] = [];
  readonly logger = recordingLogger();
  readonly outcomes: Array<{ type: string; outcome: MessageOutcome }> = [];

  constructor(private readonly nc: NatsConnection) {}

  /** The durable's state on the server (pending, ack pending, redelivered counts). */
  async consumerInfo(durable: string) {
    return (await this.nc.jetstreamManager()).consumers.info('SAGA_COMMANDS', durable);
  }

  async durable(subject: string, maxDeliver = 10, ackWaitMs = 5_000): Promise<string> {
    const durable = `test-${randomUUID().slice(0, 8)}`;
    await ensureConsumer(this.nc, {
      stream: 'SAGA_COMMANDS',
      durable,
      filterSubjects: [subject],
      ackWaitMs,
      maxDeliver,
      maxAckPending: 1_000,
    });
    return durable;
  }

  async start(durable: string, options: Partial<JetStreamConsumerOptions>): Promise<JetStreamConsumer> {
    const consumer = new JetStreamConsumer(this.nc, {
      stream: 'SAGA_COMMANDS',
      durable,
      handlers: {},
      logger: this.logger,
      backoff: { initialMs: 20, maxMs: 200, multiplier: 2 },
      pullExpiresMs: 1_000,
      retryDelayMs: 200,
      onOutcome: (type, outcome) => this.outcomes.push({ type, outcome }),
      ...options,
    });
    await consumer.start();
    this.running.push(consumer);
    return consumer;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
  }
}

/** Widget handlers that record every delivery and then run `behaviour` (default: succeed). */
export function widgetHandlers(
  deliveries: Delivery[],
  behaviour: (envelope: Envelope<WidgetPayload>, context: HandlerContext) => Promise<void> = async () =>
    undefined,
): MessageHandlerMap {
  const handler: MessageHandler<WidgetPayload> = {
    contract: WidgetCommand,
    handle: async (envelope, context) => {
      deliveries.push({ envelope, deliveryCount: context.deliveryCount, at: Date.now() });
      await behaviour(envelope, context);
    },
  };
  return handlersByType(handler);
}

/** What every JetStreamConsumer suite works with; filled in by the hooks `useConsumerSuite` registers. */
export interface ConsumerSuite {
  fixture: MessagingFixture;
  nc: NatsConnection;
  publisher: JetStreamPublisher;
  /** A fresh one per test, its consumers stopped after the test. */
  harness: ConsumerHarness;
}

/** Registers the hooks of a JetStreamConsumer suite: one private nats-server, a harness per test. */
export function useConsumerSuite(): ConsumerSuite {
  const suite = {} as ConsumerSuite;
  beforeAll(async () => {
    suite.fixture = await startMessagingFixture();
    suite.nc = suite.fixture.nc;
    suite.publisher = new JetStreamPublisher(suite.nc);
  });
  beforeEach(() => {
    suite.harness = new ConsumerHarness(suite.nc);
  });
  afterEach(() => suite.harness.stopAll());
  afterAll(() => suite.fixture.dispose());
  return suite;
}
