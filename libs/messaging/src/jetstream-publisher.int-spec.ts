import { randomUUID } from 'node:crypto';
import { NatsConnection } from 'nats';
import {
  MessagingFixture,
  startMessagingFixture,
  uniqueSubject,
  widgetMessage,
} from '../test/messaging-fixture';
import { JetStreamPublisher, PublishBatchError } from './jetstream-publisher';

describe('JetStreamPublisher', () => {
  let fixture: MessagingFixture;
  let nc: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    nc = fixture.nc;
    publisher = new JetStreamPublisher(nc);
  });
  afterAll(() => fixture.dispose());

  it('stores a message with its standard headers and the message id as Nats-Msg-Id', async () => {
    const subject = uniqueSubject();
    const message = widgetMessage(subject, { widgetId: 'w-1', quantity: 1 }, { sagaId: 'saga-1' });
    const ack = await publisher.publish(message);
    expect(ack).toMatchObject({ stream: 'SAGA_COMMANDS', duplicate: false });

    const stored = await (await nc.jetstreamManager()).streams.getMessage('SAGA_COMMANDS', { seq: ack.seq });
    expect(stored.subject).toBe(subject);
    expect(stored.json()).toEqual({ widgetId: 'w-1', quantity: 1 });
    expect(stored.header.get('Nats-Msg-Id')).toBe(message.messageId);
    expect(stored.header.get('message-type')).toBe('test.widget.build');
    expect(stored.header.get('message-version')).toBe('1');
    expect(stored.header.get('saga-id')).toBe('saga-1');
    expect(stored.header.get('correlation-id')).toBe(message.correlationId);
    expect(stored.header.get('occurred-at')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('treats a second publish of the same message id as a successful duplicate', async () => {
    const message = widgetMessage(uniqueSubject(), { widgetId: 'w-1', quantity: 1 });
    const first = await publisher.publish(message);
    const second = await publisher.publish({ ...message, payload: { widgetId: 'changed', quantity: 9 } });
    expect(second).toMatchObject({ duplicate: true, seq: first.seq });
  });

  it('publishes raw outbox rows with their stored headers', async () => {
    const subject = uniqueSubject();
    const id = randomUUID();
    const ack = await publisher.publishRaw(
      subject,
      { 'message-type': 'test.widget.build', 'saga-id': 's-9' },
      '{"a":1}',
      id,
    );
    const stored = await (await nc.jetstreamManager()).streams.getMessage('SAGA_COMMANDS', { seq: ack.seq });
    expect(stored.header.get('Nats-Msg-Id')).toBe(id);
    expect(stored.header.get('saga-id')).toBe('s-9');
    expect(stored.string()).toBe('{"a":1}');
  });

  it('pipelines a batch and waits for every ack', async () => {
    const subject = uniqueSubject();
    const messages = Array.from({ length: 200 }, (_, i) =>
      widgetMessage(subject, { widgetId: `w-${i}`, quantity: 1 }),
    );
    const acks = await publisher.publishBatch(messages);
    expect(acks).toHaveLength(200);
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(200);
  });

  it('fails a batch naming the messages that were not stored, after storing the others', async () => {
    const good = widgetMessage(uniqueSubject(), { widgetId: 'w', quantity: 1 });
    const orphan = widgetMessage('nowhere.no-stream', { widgetId: 'w', quantity: 1 });
    const attempt = publisher.publishBatch([good, orphan]);
    await expect(attempt).rejects.toThrow(PublishBatchError);
    await expect(attempt).rejects.toThrow(
      `1 of 2 publishes failed: ${orphan.messageId} to nowhere.no-stream: publish of ${orphan.messageId} to nowhere.no-stream failed: no JetStream stream captures this subject`,
    );
    await expect(publisher.publish(good)).resolves.toMatchObject({ duplicate: true });
  });

  it("refuses a message over the server's max_payload with a clear error", async () => {
    const maxPayload = nc.info?.max_payload as number;
    expect(maxPayload).toBe(1_048_576);
    const message = widgetMessage(uniqueSubject(), {
      widgetId: 'w',
      quantity: 1,
      note: 'x'.repeat(maxPayload),
    });
    await expect(publisher.publish(message)).rejects.toThrow(
      new RegExp(`refused: the message is \\d+ bytes, over the server's max_payload of ${maxPayload} bytes`),
    );
  });
});
