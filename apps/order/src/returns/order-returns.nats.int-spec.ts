import { randomUUID } from 'node:crypto';
import {
  ApproveOrderCommand,
  CreateOrderCommand,
  type CreateOrderPayload,
  GetOrderQuery,
  Headers,
  type OrderItem,
  sampleOrderRequest,
} from '@app/contracts';
import {
  CancelReturnCommand,
  CompleteReturnCommand,
  GetReturnQuery,
  RequestReturnCommand,
  type RequestReturnPayload,
  ReturnCompletedEvent,
  ReturnRejectedEvent,
  ReturnRequestedEvent,
} from '@app/order-return';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { sendReturnCommand } from '@app/order-return/testing/send-return-command';
import { pollUntil } from '@test/support';
import { OrderModule } from '../order.module';
import { OrderReturn } from './order-return.entity';

const ORDERED: OrderItem[] = [
  { sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 },
  { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
];

describe('order returns over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('order', (config) => OrderModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const replyPayload = async (messageId: string) => (await harness.replyTo(messageId)).payload;

  async function createOrder(items: OrderItem[] = ORDERED): Promise<string> {
    const { customerId, currency, shippingAddress } = sampleOrderRequest();
    const orderId = randomUUID();
    const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
    const command: CreateOrderPayload = { orderId, customerId, currency, items, totalCents, shippingAddress };
    expect(await replyPayload(await harness.send(CreateOrderCommand, command))).toMatchObject({
      outcome: 'SUCCESS',
    });
    return orderId;
  }

  async function approvedOrder(items: OrderItem[] = ORDERED): Promise<string> {
    const orderId = await createOrder(items);
    expect(await replyPayload(await harness.send(ApproveOrderCommand, { orderId }))).toMatchObject({
      outcome: 'SUCCESS',
    });
    return orderId;
  }

  const returnOf = (
    orderId: string,
    items: RequestReturnPayload['items'],
    returnId: string = randomUUID(),
  ): RequestReturnPayload => ({ returnId, orderId, items, reason: 'damaged' });

  const request = async (payload: RequestReturnPayload, options?: { messageId?: string }) =>
    replyPayload(await sendReturnCommand(harness, RequestReturnCommand, payload, options));
  const cancel = async (orderId: string, returnId: string) =>
    replyPayload(
      await sendReturnCommand(harness, CancelReturnCommand, { returnId, orderId, reason: 'refund declined' }),
    );
  const complete = async (orderId: string, returnId: string) =>
    replyPayload(await sendReturnCommand(harness, CompleteReturnCommand, { returnId, orderId }));
  const viewOf = (orderId: string, returnId: string) => harness.query(GetReturnQuery, { orderId, returnId });
  const countReturns = (returnId: string) =>
    harness.dataSource.getRepository(OrderReturn).countBy({ returnId });

  it('requests a return of an approved order, then completes it: replies, events and views', async () => {
    const orderId = await approvedOrder();
    const command = returnOf(orderId, [
      { sku: 'SKU-001', quantity: 2 },
      { sku: 'SKU-002', quantity: 1 },
    ]);
    const { returnId, items } = command;

    const requestId = await sendReturnCommand(harness, RequestReturnCommand, command);
    const reply = await harness.replyTo(requestId);
    expect(reply.subject).toBe('saga.reply.order.request-return');
    expect(reply.headers[Headers.causationId]).toBe(requestId);
    expect(reply.payload).toEqual({
      outcome: 'SUCCESS',
      result: { returnId, status: 'PENDING', refundCents: 3098 },
    });
    const requested = await pollUntil(() => harness.events.causedBy(requestId)[0]);
    expect(requested).toMatchObject({
      subject: ReturnRequestedEvent.subject,
      payload: { returnId, orderId, items, reason: 'damaged', refundCents: 3098 },
    });
    expect(await viewOf(orderId, returnId)).toEqual({
      returnId,
      orderId,
      status: 'PENDING',
      reason: 'damaged',
      items,
      refundCents: 3098,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const completeId = await sendReturnCommand(harness, CompleteReturnCommand, { returnId, orderId });
    expect(await replyPayload(completeId)).toEqual({
      outcome: 'SUCCESS',
      result: { returnId, status: 'REFUNDED' },
    });
    expect((await pollUntil(() => harness.events.causedBy(completeId)[0])).subject).toBe(
      ReturnCompletedEvent.subject,
    );
    expect(await viewOf(orderId, returnId)).toMatchObject({ status: 'REFUNDED', refundCents: 3098 });
    expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({
      orderId,
      status: 'APPROVED',
      returns: [{ returnId, status: 'REFUNDED', refundCents: 3098 }],
    });
    // Refunded for good: the saga cannot cancel it any more, and completing it again changes nothing.
    expect(await cancel(orderId, returnId)).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'RETURN_ALREADY_REFUNDED' },
    });
    expect(await complete(orderId, returnId)).toEqual({
      outcome: 'SUCCESS',
      result: { returnId, status: 'REFUNDED' },
    });
  });

  it('lists an order without returns with an empty list, and answers null for a return it does not have', async () => {
    const orderId = await approvedOrder();
    expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({ orderId, returns: [] });
    expect(await viewOf(orderId, randomUUID())).toBeNull();
  });

  describe('refusals are recorded REJECTED, holding nothing, and announced', () => {
    const expectRejected = async (command: RequestReturnPayload, code: string, message: RegExp) => {
      const messageId = await sendReturnCommand(harness, RequestReturnCommand, command);
      expect(await replyPayload(messageId)).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code, message: expect.stringMatching(message) },
      });
      expect(await pollUntil(() => harness.events.causedBy(messageId)[0])).toMatchObject({
        subject: ReturnRejectedEvent.subject,
        payload: {
          returnId: command.returnId,
          orderId: command.orderId,
          reason: expect.stringMatching(message),
        },
      });
      expect(await viewOf(command.orderId, command.returnId)).toMatchObject({
        status: 'REJECTED',
        refundCents: 0,
        items: command.items,
      });
    };

    it('RETURN_NOT_ALLOWED for an unknown order and for one not approved', async () => {
      await expectRejected(
        returnOf(randomUUID(), [{ sku: 'SKU-001', quantity: 1 }]),
        'RETURN_NOT_ALLOWED',
        /does not exist/,
      );
      const pending = await createOrder();
      await expectRejected(
        returnOf(pending, [{ sku: 'SKU-001', quantity: 1 }]),
        'RETURN_NOT_ALLOWED',
        /is PENDING/,
      );
    });

    it('RETURN_EXCEEDS_ORDER past the ordered quantity and for a SKU not in the order', async () => {
      const orderId = await approvedOrder();
      await expectRejected(
        returnOf(orderId, [{ sku: 'SKU-001', quantity: 4 }]),
        'RETURN_EXCEEDS_ORDER',
        /SKU-001 \(4 asked, 3 ordered, 0 held/,
      );
      await expectRejected(
        returnOf(orderId, [{ sku: 'SKU-404', quantity: 1 }]),
        'RETURN_EXCEEDS_ORDER',
        /SKU-404 \(1 asked, not in the order\)/,
      );
      // Neither refused return holds anything: the whole order can still be returned.
      expect(await request(returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]))).toMatchObject({
        outcome: 'SUCCESS',
      });
    });

    it('keeps the verdict for a resend under a new message id, even once the order would allow it', async () => {
      const orderId = await createOrder();
      const command = returnOf(orderId, [{ sku: 'SKU-001', quantity: 1 }]);
      const first = await request(command);
      await harness.send(ApproveOrderCommand, { orderId }).then((id) => harness.replyTo(id));
      expect(await request(command)).toEqual(first);
      expect(await viewOf(orderId, command.returnId)).toMatchObject({ status: 'REJECTED' });
      expect(await countReturns(command.returnId)).toBe(1);
    });
  });

  describe('duplicates', () => {
    it('answers a message delivered twice under one message id once', async () => {
      const orderId = await approvedOrder();
      const command = returnOf(orderId, [{ sku: 'SKU-001', quantity: 1 }]);
      const messageId = randomUUID();
      await sendReturnCommand(harness, RequestReturnCommand, command, { messageId });
      await sendReturnCommand(harness, RequestReturnCommand, command, { messageId });
      await harness.replyTo(messageId);
      await harness.settled();
      expect(harness.replies.causedBy(messageId)).toHaveLength(1);
      expect(harness.events.causedBy(messageId)).toHaveLength(1);
      expect(await countReturns(command.returnId)).toBe(1);
    });

    it('replays the first reply to a resend under a new message id, recording and announcing once', async () => {
      const orderId = await approvedOrder();
      const command = returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]);
      const firstId = await sendReturnCommand(harness, RequestReturnCommand, command);
      const first = await replyPayload(firstId);
      const againId = await sendReturnCommand(harness, RequestReturnCommand, command);
      expect(await replyPayload(againId)).toEqual(first);
      await harness.settled();
      expect(harness.events.causedBy(againId)).toEqual([]);
      expect(await countReturns(command.returnId)).toBe(1);
      // The resend was not judged as a second return of the same units.
      expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({
        returns: [{ returnId: command.returnId, status: 'PENDING' }],
      });
    });
  });

  describe('compensation', () => {
    it('cancels a PENDING return: REJECTED, announced, its quantities free for the next return', async () => {
      const orderId = await approvedOrder();
      const first = returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]);
      await request(first);
      const cancelId = await sendReturnCommand(harness, CancelReturnCommand, {
        returnId: first.returnId,
        orderId,
        reason: 'refund declined',
      });
      expect(await replyPayload(cancelId)).toEqual({
        outcome: 'SUCCESS',
        result: { returnId: first.returnId, status: 'REJECTED' },
      });
      expect(await pollUntil(() => harness.events.causedBy(cancelId)[0])).toMatchObject({
        subject: ReturnRejectedEvent.subject,
        payload: { returnId: first.returnId, orderId, reason: 'refund declined' },
      });
      expect(await viewOf(orderId, first.returnId)).toMatchObject({ status: 'REJECTED', refundCents: 3897 });
      expect(await request(returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]))).toMatchObject({
        outcome: 'SUCCESS',
      });
      // Completing a rejected return is refused: nothing must be refunded for it.
      expect(await complete(orderId, first.returnId)).toMatchObject({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'RETURN_REJECTED' },
      });
    });

    it('cancel before request: a no-op tombstone, the late request refused and recorded REJECTED, once', async () => {
      const orderId = await approvedOrder();
      const command = returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]);
      expect(await cancel(orderId, command.returnId)).toEqual({
        outcome: 'SUCCESS',
        result: { returnId: command.returnId, status: 'REJECTED' },
      });
      expect(await viewOf(orderId, command.returnId)).toBeNull();

      const lateId = await sendReturnCommand(harness, RequestReturnCommand, command);
      expect(await replyPayload(lateId)).toMatchObject({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ALREADY_COMPENSATED' },
      });
      expect(await viewOf(orderId, command.returnId)).toMatchObject({ status: 'REJECTED', refundCents: 0 });
      expect(await request(command)).toMatchObject({ error: { code: 'ALREADY_COMPENSATED' } });
      expect(await countReturns(command.returnId)).toBe(1);
      await harness.settled();
      expect(harness.events.causedBy(lateId)).toEqual([]);
      // It holds nothing: another return takes all three units.
      expect(await request(returnOf(orderId, [{ sku: 'SKU-001', quantity: 3 }]))).toMatchObject({
        outcome: 'SUCCESS',
      });
    });

    it('completing a return never requested is refused, without remembering', async () => {
      const orderId = await approvedOrder();
      expect(await complete(orderId, randomUUID())).toMatchObject({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'RETURN_NOT_FOUND' },
      });
    });
  });

  describe('two returns of one order', () => {
    it('both succeed one after the other when the order holds enough, each its own effect', async () => {
      const orderId = await approvedOrder();
      const first = returnOf(orderId, [{ sku: 'SKU-001', quantity: 2 }]);
      const second = returnOf(orderId, [
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-002', quantity: 1 },
      ]);
      expect(await request(first)).toEqual({
        outcome: 'SUCCESS',
        result: { returnId: first.returnId, status: 'PENDING', refundCents: 2598 },
      });
      expect(await request(second)).toEqual({
        outcome: 'SUCCESS',
        result: { returnId: second.returnId, status: 'PENDING', refundCents: 1799 },
      });
      expect(await complete(orderId, first.returnId)).toMatchObject({ outcome: 'SUCCESS' });
      expect(await complete(orderId, second.returnId)).toMatchObject({ outcome: 'SUCCESS' });
      expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({
        returns: [
          { returnId: first.returnId, status: 'REFUNDED', refundCents: 2598 },
          { returnId: second.returnId, status: 'REFUNDED', refundCents: 1799 },
        ],
      });
      // Everything is returned now.
      expect(await request(returnOf(orderId, [{ sku: 'SKU-002', quantity: 1 }]))).toMatchObject({
        error: { code: 'RETURN_EXCEEDS_ORDER' },
      });
    });

    it('racing, never take back more than was ordered', async () => {
      const orderId = await approvedOrder();
      const racing = Array.from({ length: 8 }, () => returnOf(orderId, [{ sku: 'SKU-001', quantity: 1 }]));
      const replies = await Promise.all(racing.map((command) => request(command)));
      const outcomes = replies.map((reply) => (reply as { outcome: string }).outcome);
      expect(outcomes.filter((outcome) => outcome === 'SUCCESS')).toHaveLength(3);
      expect(
        replies.filter(
          (reply) => (reply as { error?: { code: string } }).error?.code === 'RETURN_EXCEEDS_ORDER',
        ),
      ).toHaveLength(5);
      const order = await harness.query(GetOrderQuery, { orderId });
      expect(order?.returns?.filter((summary) => summary.status === 'PENDING')).toHaveLength(3);
    });
  });

  describe('hostile input', () => {
    /** About 8,000 levels of nesting, as the hostile-input e2e sends. */
    const deeplyNested = `{"returnId":"${randomUUID()}","orderId":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;

    it('dead-letters malformed, invalid, oversized and deeply nested commands without effect', async () => {
      const orderId = await approvedOrder();
      const valid = returnOf(orderId, [{ sku: 'SKU-001', quantity: 1 }]);
      const invalid = [
        { ...valid, returnId: randomUUID(), items: [{ sku: 'SKU-001', quantity: 0 }] },
        { ...valid, returnId: randomUUID(), items: [] },
        {
          ...valid,
          returnId: randomUUID(),
          items: [
            { sku: 'SKU-001', quantity: 1 },
            { sku: 'SKU-001', quantity: 1 },
          ],
        },
        { ...valid, returnId: randomUUID(), reason: '' },
        { ...valid, returnId: randomUUID(), reason: 'x'.repeat(201) },
        { ...valid, returnId: randomUUID(), refundCents: 1 },
        { ...valid, returnId: 'not-a-uuid' },
        {
          ...valid,
          returnId: randomUUID(),
          items: Array.from({ length: 101 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })),
        },
      ];
      const { subject, type } = RequestReturnCommand;
      const sent = [
        await harness.sendRaw(subject, type, 'not json'),
        await harness.sendRaw(subject, type, deeplyNested),
        await harness.sendRaw(
          subject,
          type,
          JSON.stringify({ ...valid, returnId: randomUUID(), note: 'x'.repeat(70_000) }),
        ),
        ...(await Promise.all(
          invalid.map((payload) => harness.sendRaw(subject, type, JSON.stringify(payload))),
        )),
        await harness.sendRaw(CancelReturnCommand.subject, CancelReturnCommand.type, deeplyNested),
        await harness.sendRaw(CompleteReturnCommand.subject, CompleteReturnCommand.type, '{"returnId":'),
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
      expect(await harness.query(GetOrderQuery, { orderId })).toMatchObject({ returns: [] });
    });

    it('dead-letters a return command keyed by anything but its return id, deciding and remembering nothing', async () => {
      const orderId = await approvedOrder();
      const command = returnOf(orderId, [{ sku: 'SKU-001', quantity: 1 }]);
      const withoutKey = await sendReturnCommand(harness, RequestReturnCommand, command, {
        businessKey: null,
      });
      const cancelByOrder = await sendReturnCommand(
        harness,
        CancelReturnCommand,
        { returnId: command.returnId, orderId, reason: 'timed out' },
        { businessKey: orderId },
      );
      await harness.settled();
      for (const messageId of [withoutKey, cancelByOrder]) {
        expect(harness.replies.causedBy(messageId)).toEqual([]);
        const letter = await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
        expect((letter.payload as { reason: string }).reason).toContain(
          'carry its return id as business key',
        );
      }
      // No tombstone was left under either key: the request, keyed right, is accepted.
      expect(await request(command)).toMatchObject({ outcome: 'SUCCESS' });
    });
  });
});
