import { randomUUID } from 'node:crypto';
import { AckPolicy, JsMsg, NatsConnection, connect, headers as natsHeaders } from 'nats';
import { Headers } from '@app/contracts';
import {
  StubParticipants,
  TestNatsServer,
  pollUntil,
  startNatsServer,
  startStubParticipants,
} from '@test/support';

describe('stub participants', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let stubs: StubParticipants;

  beforeAll(async () => {
    nats = await startNatsServer();
    stubs = await startStubParticipants(nats.url, (command) => {
      if (command.type === 'payment.authorize') return 'no-reply';
      if (command.type === 'inventory.reserve' && command.attempt === 1) {
        return { outcome: 'TRANSIENT_FAILURE', error: { code: 'BUSY', message: 'later' } };
      }
      return { outcome: 'SUCCESS', delayMs: 10 };
    });
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await stubs.stop();
    await nc.close();
    await nats.dispose();
  });

  async function sendCommand(type: string, sagaId: string, orderId: string): Promise<string> {
    const messageId = randomUUID();
    const headers = natsHeaders();
    headers.set(Headers.messageType, type);
    headers.set(Headers.sagaId, sagaId);
    headers.set(Headers.correlationId, `corr-${sagaId}`);
    await nc
      .jetstream()
      .publish(`saga.cmd.${type}`, JSON.stringify({ orderId }), { msgID: messageId, headers });
    return messageId;
  }

  async function replies(): Promise<JsMsg[]> {
    const jsm = await nc.jetstreamManager();
    // Explicit acks: SAGA_REPLIES is a work queue (left unacknowledged here, nothing else reads it).
    const { name } = await jsm.consumers.add('SAGA_REPLIES', { ack_policy: AckPolicy.Explicit });
    const consumer = await nc.jetstream().consumers.get('SAGA_REPLIES', name);
    const { state } = await jsm.streams.info('SAGA_REPLIES');
    const batch = await consumer.fetch({ max_messages: state.messages, expires: 2_000 });
    const received: JsMsg[] = [];
    for await (const message of batch) received.push(message);
    return received;
  }

  it('answers each command per the script, replying as a participant would', async () => {
    const sagaId = randomUUID();
    const orderId = randomUUID();
    const createId = await sendCommand('order.create', sagaId, orderId);
    await sendCommand('payment.authorize', sagaId, orderId);
    const firstReserve = await sendCommand('inventory.reserve', sagaId, orderId);
    const secondReserve = await sendCommand('inventory.reserve', sagaId, orderId);

    await pollUntil(() => stubs.repliesSent === 3);
    const answered = await replies();

    // Each service has its own consumer, so only the order within one service is fixed.
    expect(stubs.distinct().map((command) => `${command.type}#${command.attempt}`)).toEqual(
      expect.arrayContaining(['order.create#1', 'payment.authorize#1']),
    );
    expect(
      stubs
        .distinct()
        .filter((command) => command.type === 'inventory.reserve')
        .map((command) => command.attempt),
    ).toEqual([1, 2]);
    expect(stubs.distinct()).toHaveLength(4);
    expect(stubs.timesSeen('inventory.reserve', orderId)).toBe(2);
    expect(stubs.received).toHaveLength(4);
    const byCause = new Map(answered.map((reply) => [reply.headers?.get(Headers.causationId), reply]));
    expect([...byCause.keys()].sort()).toEqual([createId, firstReserve, secondReserve].sort());
    const create = byCause.get(createId)!;
    expect(create.subject).toBe('saga.reply.order.create');
    expect(create.headers?.get(Headers.messageType)).toBe('order.create.reply');
    expect(create.headers?.get(Headers.sagaId)).toBe(sagaId);
    expect(create.headers?.get(Headers.correlationId)).toBe(`corr-${sagaId}`);
    expect(create.headers?.get(Headers.messageId)).not.toBe(createId);
    expect(create.json()).toEqual({ outcome: 'SUCCESS', result: { orderId, status: 'PENDING' } });
    expect(byCause.get(firstReserve)!.json()).toEqual({
      outcome: 'TRANSIENT_FAILURE',
      error: { code: 'BUSY', message: 'later' },
    });
    expect(byCause.get(secondReserve)!.json()).toMatchObject({ outcome: 'SUCCESS' });
  });
});
