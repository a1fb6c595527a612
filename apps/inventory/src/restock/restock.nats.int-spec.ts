import { randomUUID } from 'node:crypto';
import { GetStockQuery, ReserveInventoryCommand, SetStockQuery } from '@app/contracts';
import {
  RestockInventoryCommand,
  type RestockInventoryPayload,
  StockRestockedEvent,
} from '@app/order-return';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { sendReturnCommand } from '@app/order-return/testing/send-return-command';
import { pollUntil } from '@test/support';
import { InventoryModule } from '../inventory.module';
import { Restock } from './restock.entity';

describe('inventory restocks over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('inventory', (config) => InventoryModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const replyPayload = async (messageId: string) => (await harness.replyTo(messageId)).payload;
  const restock = (payload: RestockInventoryPayload) =>
    sendReturnCommand(harness, RestockInventoryCommand, payload).then(replyPayload);
  const restockOf = (items: { sku: string; quantity: number }[], orderId = randomUUID()) => ({
    returnId: randomUUID(),
    orderId,
    items,
  });
  const newSku = () => `N-${randomUUID().slice(0, 8).toUpperCase()}`;
  const stocked = async (available: number) => {
    const sku = newSku();
    await harness.query(SetStockQuery, { sku, available });
    return sku;
  };
  const stockOf = (sku: string) => harness.query(GetStockQuery, { sku });

  it('adds the units back, answering on saga.reply.inventory.restock and announcing it', async () => {
    const [a, b] = [await stocked(0), await stocked(7)];
    const payload = restockOf([
      { sku: b, quantity: 1 },
      { sku: a, quantity: 2 },
    ]);
    const messageId = await sendReturnCommand(harness, RestockInventoryCommand, payload);

    const reply = await harness.replyTo(messageId);
    expect(reply.subject).toBe('saga.reply.inventory.restock');
    expect(reply.payload).toEqual({ outcome: 'SUCCESS', result: { returnId: payload.returnId } });
    const event = await pollUntil(() => harness.events.causedBy(messageId)[0]);
    expect(event.subject).toBe(StockRestockedEvent.subject);
    expect(event.payload).toEqual({
      returnId: payload.returnId,
      orderId: payload.orderId,
      items: [
        { sku: a, quantity: 2 },
        { sku: b, quantity: 1 },
      ].sort((x, y) => (x.sku < y.sku ? -1 : 1)),
    });
    expect(await stockOf(a)).toEqual({ sku: a, available: 2, reserved: 0 });
    expect(await stockOf(b)).toEqual({ sku: b, available: 8, reserved: 0 });
  });

  it('adds a return once for a message sent twice and for a resend under a new message id', async () => {
    const sku = await stocked(0);
    const payload = restockOf([{ sku, quantity: 3 }]);
    const messageId = await sendReturnCommand(harness, RestockInventoryCommand, payload);
    await sendReturnCommand(harness, RestockInventoryCommand, payload, { messageId });
    const first = await replyPayload(messageId);
    const resend = await sendReturnCommand(harness, RestockInventoryCommand, payload);
    expect(await replyPayload(resend)).toEqual(first);
    await harness.settled();
    expect(harness.replies.causedBy(messageId)).toHaveLength(1);
    expect(harness.events.causedBy(resend)).toEqual([]);
    expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 0 });
    expect(await harness.dataSource.getRepository(Restock).countBy({ returnId: payload.returnId })).toBe(1);
  });

  it('adds two returns of one order twice', async () => {
    const sku = await stocked(0);
    const orderId = randomUUID();
    expect(await restock(restockOf([{ sku, quantity: 1 }], orderId))).toMatchObject({ outcome: 'SUCCESS' });
    expect(await restock(restockOf([{ sku, quantity: 2 }], orderId))).toMatchObject({ outcome: 'SUCCESS' });
    expect(await stockOf(sku)).toEqual({ sku, available: 3, reserved: 0 });
  });

  it('creates the stock row of a sku that has none, with the returned units', async () => {
    const sku = newSku();
    expect(await restock(restockOf([{ sku, quantity: 4 }]))).toMatchObject({ outcome: 'SUCCESS' });
    expect(await stockOf(sku)).toEqual({ sku, available: 4, reserved: 0 });
  });

  it('adds every return and holds every reservation arriving together on the same skus, in any order', async () => {
    const [a, b] = [await stocked(10), await stocked(10)];
    const sent = await Promise.all([
      sendReturnCommand(
        harness,
        RestockInventoryCommand,
        restockOf([
          { sku: b, quantity: 1 },
          { sku: a, quantity: 1 },
        ]),
      ),
      harness.send(ReserveInventoryCommand, {
        orderId: randomUUID(),
        items: [
          { sku: b, quantity: 2 },
          { sku: a, quantity: 2 },
        ],
      }),
      sendReturnCommand(
        harness,
        RestockInventoryCommand,
        restockOf([
          { sku: a, quantity: 3 },
          { sku: b, quantity: 3 },
        ]),
      ),
      harness.send(ReserveInventoryCommand, {
        orderId: randomUUID(),
        items: [
          { sku: a, quantity: 4 },
          { sku: b, quantity: 4 },
        ],
      }),
    ]);
    const replies = await Promise.all(sent.map(replyPayload));
    expect(replies.map((reply) => (reply as { outcome: string }).outcome)).toEqual([
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
      'SUCCESS',
    ]);
    expect(await stockOf(a)).toEqual({ sku: a, available: 8, reserved: 6 });
    expect(await stockOf(b)).toEqual({ sku: b, available: 8, reserved: 6 });
  });

  describe('hostile input', () => {
    const deeplyNested = `{"returnId":"${randomUUID()}","orderId":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;

    it('dead-letters malformed, invalid, oversized and deeply nested restocks without effect', async () => {
      const sku = await stocked(0);
      const valid = restockOf([{ sku, quantity: 1 }]);
      const invalid = [
        { ...valid, returnId: 'not-a-uuid' },
        { ...valid, items: [] },
        { ...valid, items: [{ sku, quantity: 0 }] },
        { ...valid, items: [{ sku, quantity: 1001 }] },
        { ...valid, items: [{ sku: 'lower-case', quantity: 1 }] },
        {
          ...valid,
          items: [
            { sku, quantity: 1 },
            { sku, quantity: 1 },
          ],
        },
        { ...valid, items: Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) },
        { ...valid, extra: true },
      ];
      const { subject, type } = RestockInventoryCommand;
      const sent = [
        await harness.sendRaw(subject, type, '{"returnId":'),
        await harness.sendRaw(subject, type, deeplyNested),
        await harness.sendRaw(subject, type, JSON.stringify({ ...valid, padding: 'x'.repeat(70_000) })),
        ...(await Promise.all(
          invalid.map((payload) => harness.sendRaw(subject, type, JSON.stringify(payload))),
        )),
      ];
      await harness.settled();
      for (const messageId of sent) {
        expect(harness.replies.causedBy(messageId)).toEqual([]);
        await pollUntil(
          () => harness.deadLetters.causedBy(messageId)[0],
          {},
          `the dead letter of ${messageId}`,
        );
      }
      expect(await stockOf(sku)).toEqual({ sku, available: 0, reserved: 0 });
      expect(await restock(valid)).toMatchObject({ outcome: 'SUCCESS' });
      expect(await stockOf(sku)).toEqual({ sku, available: 1, reserved: 0 });
    });

    it('dead-letters a restock keyed by anything but its return id, adding and remembering nothing', async () => {
      const sku = await stocked(0);
      const payload = restockOf([{ sku, quantity: 2 }]);
      const sent = [
        await sendReturnCommand(harness, RestockInventoryCommand, payload, { businessKey: null }),
        await sendReturnCommand(harness, RestockInventoryCommand, payload, { businessKey: payload.orderId }),
      ];
      await harness.settled();
      for (const messageId of sent) {
        expect(harness.replies.causedBy(messageId)).toEqual([]);
        const letter = await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
        expect((letter.payload as { reason: string }).reason).toContain(
          'carry its return id as business key',
        );
      }
      expect(await stockOf(sku)).toEqual({ sku, available: 0, reserved: 0 });
      expect(await restock(payload)).toMatchObject({ outcome: 'SUCCESS' });
      expect(await stockOf(sku)).toEqual({ sku, available: 2, reserved: 0 });
    });
  });
});
