import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { NatsConnection } from 'nats';
import { lastValueFrom } from 'rxjs';
import { expectEventually, pollUntil } from '@test/support';
import { type Envelope, subjectMatches } from '@app/contracts';
import {
  MessagingFixture,
  deadLettersFor,
  recordingLogger,
  startMessagingFixture,
} from '../../test/messaging-fixture';
import { GetWidgetQuery, WidgetCommand, WidgetPayload, WidgetQueryPayload } from '../../test/widget-contract';
import { PermanentError, TransientError } from '../errors';
import { QueryError } from '../query-reply';
import { QueryResponder } from '../query-responder';
import { HandlesMessage } from './handles-message.decorator';
import { JetStreamClientProxy } from './jetstream-client-proxy';
import { JetStreamContext } from './jetstream-context';
import { JetStreamServer } from './jetstream-server';

const received: Array<{ envelope: Envelope<WidgetPayload>; subject: string; deliveryCount: number }> = [];

@Controller()
class WidgetController {
  @HandlesMessage(WidgetCommand)
  async build(@Payload() envelope: Envelope<WidgetPayload>, @Ctx() context: JetStreamContext): Promise<void> {
    received.push({ envelope, subject: context.getSubject(), deliveryCount: context.getDeliveryCount() });
    context.working();
    if (envelope.payload.widgetId === 'flaky' && context.getDeliveryCount() === 1)
      throw new TransientError('busy');
    if (envelope.payload.widgetId === 'doomed') throw new PermanentError('no such widget model');
  }
}

@Module({ controllers: [WidgetController] })
class WidgetModule {}

@Controller()
class ContractlessController {
  @EventPattern('test.gadget')
  async gadget(): Promise<void> {}
}

@Module({ controllers: [ContractlessController] })
class ContractlessModule {}

const plainlyReceived: Array<Envelope<WidgetPayload>> = [];

@Controller()
class PlainEventPatternController {
  @EventPattern(WidgetCommand.type)
  async build(@Payload() envelope: Envelope<WidgetPayload>): Promise<void> {
    plainlyReceived.push(envelope);
  }
}

@Module({ controllers: [PlainEventPatternController] })
class PlainEventPatternModule {}

describe('JetStreamServer and JetStreamClientProxy in a Nest microservice', () => {
  let fixture: MessagingFixture;
  let nc: NatsConnection;
  let app: INestMicroservice;
  let client: JetStreamClientProxy;
  const logger = recordingLogger();

  const emitWidget = (payload: unknown, messageId?: string) =>
    lastValueFrom(
      client.emit(WidgetCommand.subject, {
        type: WidgetCommand.type,
        version: WidgetCommand.version,
        payload,
        messageId,
      }),
    );

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    nc = fixture.nc;
    client = new JetStreamClientProxy(nc, { queryTimeoutMs: 500 });
    app = await NestFactory.createMicroservice(WidgetModule, {
      strategy: new JetStreamServer({
        connection: nc,
        logger,
        consumers: [
          {
            stream: 'SAGA_COMMANDS',
            durable: 'nest-widgets',
            filterSubject: 'saga.cmd.test.>',
            concurrency: 4,
            backoff: { initialMs: 20, maxMs: 100 },
          },
        ],
      }),
      logger: false,
    });
    await app.listen();
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await app?.close();
    await fixture.dispose();
  });

  it('hands a decorated handler the validated envelope and its context', async () => {
    const ack = await emitWidget({ widgetId: 'w-1', quantity: 2 }, 'nest-1');
    expect(ack).toMatchObject({ stream: 'SAGA_COMMANDS', duplicate: false });

    await pollUntil(() => received.length === 1, {}, 'the handler');
    expect(received[0].envelope).toMatchObject({
      messageId: 'nest-1',
      type: 'test.widget.build',
      correlationId: 'nest-1',
    });
    expect(received[0].envelope.payload).toBeInstanceOf(WidgetPayload);
    expect(received[0].subject).toBe(WidgetCommand.subject);
    expect(received[0].deliveryCount).toBe(1);
  });

  it('keeps TransientError and PermanentError apart through Nest’s exception handling', async () => {
    await emitWidget({ widgetId: 'flaky', quantity: 1 });
    await emitWidget({ widgetId: 'doomed', quantity: 1 }, 'nest-doomed');

    await pollUntil(
      () => received.filter((r) => r.envelope.payload.widgetId === 'flaky').length === 2,
      {},
      'the retry',
    );
    const [letter] = await pollUntil(async () => {
      const letters = await deadLettersFor(nc, WidgetCommand.subject);
      return letters.length > 0 && letters;
    });
    expect(letter).toMatchObject({
      reason: 'no such widget model',
      deliveryCount: 1,
      consumer: 'nest-widgets',
    });
    expect(received.filter((r) => r.envelope.payload.widgetId === 'doomed')).toHaveLength(1);
  });

  it('dead-letters an invalid payload without calling the handler', async () => {
    await emitWidget({ widgetId: 'w-2', quantity: 'many' }, 'nest-invalid');
    await pollUntil(async () =>
      (await deadLettersFor(nc, WidgetCommand.subject)).some(
        (l) => l.headers['Nats-Msg-Id'] === 'nest-invalid',
      ),
    );
    expect(received).toHaveLength(0);
  });

  it('answers queries sent through the client proxy, and reports their errors', async () => {
    const responder = new QueryResponder<WidgetQueryPayload, { widgetId: string }>(nc, {
      contract: GetWidgetQuery,
      queue: 'widgets',
      handle: async ({ widgetId }) => ({ widgetId }),
    });
    try {
      const query = (payload: unknown) =>
        lastValueFrom(
          client.send(GetWidgetQuery.subject, { type: GetWidgetQuery.type, version: 1, payload }),
        );
      await expect(query({ widgetId: 'w-9' })).resolves.toEqual({ widgetId: 'w-9' });
      const failure = query({});
      await expect(failure).rejects.toBeInstanceOf(QueryError);
      await expect(failure).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await responder.stop();
    }
  });

  it('fails to listen when an event handler has no contract, naming it', async () => {
    const broken = await NestFactory.createMicroservice(ContractlessModule, {
      strategy: new JetStreamServer({
        connection: nc,
        logger,
        consumers: [{ stream: 'SAGA_COMMANDS', durable: 'nest-gadgets', filterSubject: 'saga.cmd.gadget.>' }],
      }),
      logger: false,
    });
    await expect(broken.listen()).rejects.toThrow(
      "@EventPattern('test.gadget') has no message contract: use @HandlesMessage(contract) or list it in JetStreamServer's contracts",
    );
    await broken.close();
  });

  it('fails to listen when a consumer covers no handler, naming the consumer', async () => {
    const idle = await NestFactory.createMicroservice(WidgetModule, {
      strategy: new JetStreamServer({
        connection: nc,
        logger,
        consumers: [
          { stream: 'SAGA_COMMANDS', durable: 'nest-nothing', filterSubject: 'saga.cmd.nothing.>' },
        ],
      }),
      logger: false,
    });
    await expect(idle.listen()).rejects.toThrow(
      'consumer SAGA_COMMANDS/nest-nothing (saga.cmd.nothing.>) has no @HandlesMessage handler for its subjects',
    );
    await idle.close();
  });

  it('finishes in-flight work and leaves nothing unacknowledged when the app closes', async () => {
    await emitWidget({ widgetId: 'last', quantity: 1 });
    await pollUntil(() => received.length === 1, {}, 'the last message');
    await app.close();
    const jsm = await nc.jetstreamManager();
    await expectEventually(async () =>
      expect((await jsm.consumers.info('SAGA_COMMANDS', 'nest-widgets')).num_ack_pending).toBe(0),
    );
    expect(nc.isClosed()).toBe(false); // the connection belongs to the caller
  });

  it('validates plain @EventPattern handlers against the contracts it is given', async () => {
    await releaseSubject(nc, WidgetCommand.subject);
    const plain = await NestFactory.createMicroservice(PlainEventPatternModule, {
      strategy: new JetStreamServer({
        connection: nc,
        logger,
        contracts: [WidgetCommand],
        consumers: [{ stream: 'SAGA_COMMANDS', durable: 'nest-plain', filterSubject: WidgetCommand.subject }],
      }),
      logger: false,
    });
    await plain.listen();
    try {
      await emitWidget({ widgetId: 'plain', quantity: 3 });
      await pollUntil(
        () => plainlyReceived.some((envelope) => envelope.payload.widgetId === 'plain'),
        {},
        'the plain handler',
      );
      expect(
        plainlyReceived.find((envelope) => envelope.payload.widgetId === 'plain')?.payload,
      ).toBeInstanceOf(WidgetPayload);
    } finally {
      await plain.close();
    }
  });

  it('opens and closes a connection of its own when given the NATS configuration', async () => {
    await releaseSubject(nc, WidgetCommand.subject);
    const server = new JetStreamServer({
      nats: { config: { servers: [fixture.server.url], streamReplicas: 1 }, name: 'own-connection-test' },
      logger,
      consumers: [{ stream: 'SAGA_COMMANDS', durable: 'nest-own', filterSubject: WidgetCommand.subject }],
    });
    const own = await NestFactory.createMicroservice(WidgetModule, { strategy: server, logger: false });
    await own.listen();
    const connection = server.unwrap<NatsConnection>();
    expect(connection.isClosed()).toBe(false);
    await own.close();
    expect(connection.isClosed()).toBe(true);
    expect(() => new JetStreamServer({ consumers: [] })).toThrow(
      'needs exactly one of `connection` or `nats`',
    );
  });
});

/** SAGA_COMMANDS is a work queue (no two consumers' filters overlap): earlier tests' durables go first. */
async function releaseSubject(nc: NatsConnection, subject: string): Promise<void> {
  const jsm = await nc.jetstreamManager();
  for (const consumer of await jsm.consumers.list('SAGA_COMMANDS').next()) {
    const filter = consumer.config.filter_subject ?? '>';
    if (subjectMatches(filter, subject) || subjectMatches(subject, filter))
      await jsm.consumers.delete('SAGA_COMMANDS', consumer.name);
  }
}
