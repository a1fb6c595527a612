import { randomUUID } from 'node:crypto';
import {
  GetReservationQuery,
  GetStockQuery,
  Headers,
  ReleaseInventoryCommand,
  ReserveInventoryCommand,
  SetStockQuery,
  StockReservedEvent,
  StockSetEvent,
} from '@app/contracts';
import { getMetrics } from '@app/observability';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { pollUntil } from '@test/support';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { InventoryModule } from './inventory.module';

describe('inventory service over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('inventory', (config) => InventoryModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  /** Transactions that committed more than one command (the harness's app runs in this process). */
  const groupedTransactions = async () => {
    const text = await getMetrics().scrape();
    const all = sampleSum(text, 'participant_transaction_batch_size_count') ?? 0;
    return all - (sampleSum(text, 'participant_transaction_batch_size_bucket', { le: '1' }) ?? 0);
  };

  const stocked = async (available: number) => {
    const sku = `N-${randomUUID().slice(0, 8).toUpperCase()}`;
    await harness.query(SetStockQuery, { sku, available });
    return sku;
  };

  it('answers a reserve on saga.reply.inventory.reserve and announces the reservation', async () => {
    const sku = await stocked(10);
    const orderId = randomUUID();
    const commandId = await harness.send(ReserveInventoryCommand, { orderId, items: [{ sku, quantity: 3 }] });

    const reply = await harness.replyTo(commandId);
    expect(reply.subject).toBe('saga.reply.inventory.reserve');
    expect(reply.payload).toEqual({ outcome: 'SUCCESS', result: { reservationId: expect.any(String) } });
    expect(reply.headers).toMatchObject({
      [Headers.messageType]: 'inventory.reserve.reply',
      [Headers.causationId]: commandId,
      [Headers.sagaId]: expect.any(String),
    });
    const event = await pollUntil(() => harness.events.causedBy(commandId)[0]);
    expect(event.subject).toBe(StockReservedEvent.subject);
    expect(await harness.query(GetStockQuery, { sku })).toEqual({ sku, available: 7, reserved: 3 });
    expect(await harness.query(GetReservationQuery, { orderId })).toEqual({
      reservationId: (reply.payload as { result: { reservationId: string } }).result.reservationId,
      status: 'RESERVED',
      items: [{ sku, quantity: 3 }],
    });
  });

  it('gives a resend under a new message id the same reply and holds the stock once', async () => {
    const sku = await stocked(10);
    const command = { orderId: randomUUID(), items: [{ sku, quantity: 2 }] };
    const first = await harness.replyTo(await harness.send(ReserveInventoryCommand, command));
    const again = await harness.replyTo(await harness.send(ReserveInventoryCommand, command));
    expect(again.payload).toEqual(first.payload);
    expect(await harness.query(GetStockQuery, { sku })).toEqual({ sku, available: 8, reserved: 2 });
  });

  it('never oversells a burst of reservations handled together, and answers a resend in the burst as the first', async () => {
    const sku = await stocked(5);
    const groupedBefore = await groupedTransactions();
    const orders = [...Array(12).keys()].map(() => randomUUID());
    const reserve = (orderId: string) =>
      harness.send(ReserveInventoryCommand, { orderId, items: [{ sku, quantity: 1 }] });
    const sent = await Promise.all(orders.map(reserve));
    const resent = await reserve(orders[0]);

    const replies = await Promise.all([...sent, resent].map((messageId) => harness.replyTo(messageId)));
    const outcomes = replies
      .slice(0, orders.length)
      .map((reply) => (reply.payload as { outcome: string }).outcome);
    expect(outcomes.filter((outcome) => outcome === 'SUCCESS')).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === 'BUSINESS_FAILURE')).toHaveLength(7);
    expect(replies[orders.length].payload).toEqual(replies[0].payload);
    expect(await harness.query(GetStockQuery, { sku })).toEqual({ sku, available: 0, reserved: 5 });
    expect(await groupedTransactions()).toBeGreaterThan(groupedBefore);
  });

  it('refuses a late reserve after its release overtook it', async () => {
    const sku = await stocked(10);
    const orderId = randomUUID();
    const released = await harness.replyTo(await harness.send(ReleaseInventoryCommand, { orderId }));
    expect(released.subject).toBe('saga.reply.inventory.release');
    expect(released.payload).toEqual({ outcome: 'SUCCESS', result: { status: 'RELEASED' } });

    const late = await harness.replyTo(
      await harness.send(ReserveInventoryCommand, { orderId, items: [{ sku, quantity: 1 }] }),
    );
    expect(late.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'ALREADY_COMPENSATED' },
    });
    expect(await harness.query(GetStockQuery, { sku })).toEqual({ sku, available: 10, reserved: 0 });
  });

  it('dead-letters malformed and oversized commands without effect, and keeps serving', async () => {
    const sku = await stocked(10);
    const subject = ReserveInventoryCommand.subject;
    const type = ReserveInventoryCommand.type;
    const invalidJson = await harness.sendRaw(subject, type, '{"orderId":');
    const invalidPayload = await harness.sendRaw(
      subject,
      type,
      JSON.stringify({ orderId: randomUUID(), items: [{ sku, quantity: 0 }] }),
    );
    const oversized = await harness.sendRaw(
      subject,
      type,
      JSON.stringify({ orderId: randomUUID(), items: [{ sku, quantity: 1 }], padding: 'x'.repeat(100_000) }),
    );
    const valid = await harness.send(ReserveInventoryCommand, {
      orderId: randomUUID(),
      items: [{ sku, quantity: 1 }],
    });

    expect((await harness.replyTo(valid)).payload).toMatchObject({ outcome: 'SUCCESS' });
    await harness.settled();
    for (const messageId of [invalidJson, invalidPayload, oversized]) {
      expect(harness.replies.causedBy(messageId)).toEqual([]);
      const letter = await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
      expect(letter.subject).toBe(`saga.dlq.${subject}`);
    }
    expect(await harness.query(GetStockQuery, { sku })).toEqual({ sku, available: 9, reserved: 1 });
  });

  it('answers stock queries and announces a stock change', async () => {
    expect(await harness.query(GetStockQuery, { sku: 'SKU-001' })).toEqual({
      sku: 'SKU-001',
      available: 1_000_000,
      reserved: 0,
    });
    expect(await harness.query(GetStockQuery, { sku: 'NO-SUCH-SKU' })).toBeNull();
    expect(await harness.query(GetReservationQuery, { orderId: randomUUID() })).toBeNull();
    const sku = `N-${randomUUID().slice(0, 8).toUpperCase()}`;
    expect(await harness.query(SetStockQuery, { sku, available: 42 })).toEqual({
      sku,
      available: 42,
      reserved: 0,
    });
    const event = await pollUntil(() =>
      harness.events.messages.find(
        (message) =>
          message.subject === StockSetEvent.subject && (message.payload as { sku: string }).sku === sku,
      ),
    );
    expect(event.payload).toEqual({ sku, available: 42, reserved: 0 });
    await expect(harness.query(SetStockQuery, { sku, available: -1 })).rejects.toThrow('BAD_REQUEST');
  });
});
