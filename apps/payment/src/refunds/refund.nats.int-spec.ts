import { randomUUID } from 'node:crypto';
import { AuthorizePaymentCommand, CapturePaymentCommand, GetPaymentQuery } from '@app/contracts';
import { PaymentRefundedEvent, RefundPaymentCommand, type RefundPaymentPayload } from '@app/order-return';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { sendReturnCommand } from '@app/order-return/testing/send-return-command';
import { pollUntil } from '@test/support';
import { PaymentModule } from '../payment.module';
import { PaymentRefund } from './payment-refund.entity';

describe('payment refunds over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('payment', (config) => PaymentModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const replyPayload = async (messageId: string) => (await harness.replyTo(messageId)).payload;
  const refund = (payload: RefundPaymentPayload) =>
    sendReturnCommand(harness, RefundPaymentCommand, payload).then(replyPayload);
  const refundOf = (orderId: string, amountCents: number): RefundPaymentPayload => ({
    returnId: randomUUID(),
    orderId,
    amountCents,
  });
  const refundedCents = async (orderId: string) =>
    (await harness.query(GetPaymentQuery, { orderId }))?.refundedCents;
  const refundRows = (paymentId: string) =>
    harness.dataSource.getRepository(PaymentRefund).countBy({ paymentId });

  /** An order whose payment of `amountCents` was authorized with `token` and captured, as the saga does. */
  async function capturedOrder(token = 'tok_visa', amountCents = 5000) {
    const orderId = randomUUID();
    const authorized = await replyPayload(
      await harness.send(AuthorizePaymentCommand, {
        orderId,
        customerId: 'cust-42',
        amountCents,
        currency: 'USD',
        method: 'card',
        token,
      }),
    );
    const { paymentId } = (authorized as { result: { paymentId: string } }).result;
    expect(
      await replyPayload(await harness.send(CapturePaymentCommand, { orderId, paymentId })),
    ).toMatchObject({
      outcome: 'SUCCESS',
    });
    return { orderId, paymentId };
  }

  it('refunds part of a captured payment, answering on saga.reply.payment.refund and announcing it', async () => {
    const { orderId, paymentId } = await capturedOrder();
    const payload = refundOf(orderId, 1299);
    const messageId = await sendReturnCommand(harness, RefundPaymentCommand, payload);

    const reply = await harness.replyTo(messageId);
    expect(reply.subject).toBe('saga.reply.payment.refund');
    expect(reply.payload).toEqual({
      outcome: 'SUCCESS',
      result: { returnId: payload.returnId, paymentId, refundId: expect.any(String), refundedCents: 1299 },
    });
    const event = await pollUntil(() => harness.events.causedBy(messageId)[0]);
    expect(event.subject).toBe(PaymentRefundedEvent.subject);
    expect(event.payload).toEqual({
      orderId,
      paymentId,
      amountCents: 1299,
      currency: 'USD',
      returnId: payload.returnId,
      refundId: (reply.payload as { result: { refundId: string } }).result.refundId,
      refundedCents: 1299,
    });
    expect(await harness.query(GetPaymentQuery, { orderId })).toEqual({
      paymentId,
      status: 'CAPTURED',
      amountCents: 5000,
      currency: 'USD',
      refundedCents: 1299,
    });
  });

  it('declines every refund of a tok_refundDeclined payment, which authorized and captured normally', async () => {
    const { orderId } = await capturedOrder('tok_refundDeclined');
    expect(await refund(refundOf(orderId, 100))).toEqual({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'REFUND_DECLINED', message: expect.any(String) },
    });
    expect(await refundedCents(orderId)).toBe(0);
  });

  it('refuses REFUND_EXCEEDS_CAPTURE past the capture, for an order never paid and before the capture', async () => {
    const { orderId } = await capturedOrder('tok_visa', 5000);
    expect(await refund(refundOf(orderId, 5001))).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'REFUND_EXCEEDS_CAPTURE' },
    });
    expect(await refund(refundOf(randomUUID(), 1))).toMatchObject({
      error: { code: 'REFUND_EXCEEDS_CAPTURE' },
    });

    const authorizedOnly = randomUUID();
    await replyPayload(
      await harness.send(AuthorizePaymentCommand, {
        orderId: authorizedOnly,
        customerId: 'cust-42',
        amountCents: 5000,
        currency: 'USD',
        method: 'card',
        token: 'tok_visa',
      }),
    );
    expect(await refund(refundOf(authorizedOnly, 1))).toMatchObject({
      error: { code: 'REFUND_EXCEEDS_CAPTURE' },
    });
    expect(await refundedCents(orderId)).toBe(0);
  });

  it('refunds two returns of one order as two refunds, up to the capture', async () => {
    const { orderId, paymentId } = await capturedOrder('tok_visa', 5000);
    const first = await refund(refundOf(orderId, 2000));
    const second = await refund(refundOf(orderId, 3000));
    expect(first).toMatchObject({ outcome: 'SUCCESS', result: { refundedCents: 2000 } });
    expect(second).toMatchObject({ outcome: 'SUCCESS', result: { refundedCents: 5000 } });
    expect(await refundRows(paymentId)).toBe(2);
    expect(await refundedCents(orderId)).toBe(5000);
  });

  it('never refunds past the capture when refunds of several returns arrive together', async () => {
    const { orderId, paymentId } = await capturedOrder('tok_visa', 5000);
    const replies = await Promise.all([1, 2, 3, 4].map(() => refund(refundOf(orderId, 2000))));
    const outcomes = replies.map((reply) => (reply as { outcome: string }).outcome).sort();
    expect(outcomes).toEqual(['BUSINESS_FAILURE', 'BUSINESS_FAILURE', 'SUCCESS', 'SUCCESS']);
    expect(await refundRows(paymentId)).toBe(2);
    expect(await refundedCents(orderId)).toBe(4000);
  });

  it('refunds once for a message sent twice and for a resend under a new message id, with the same reply', async () => {
    const { orderId, paymentId } = await capturedOrder();
    const payload = refundOf(orderId, 700);
    const messageId = await sendReturnCommand(harness, RefundPaymentCommand, payload);
    await sendReturnCommand(harness, RefundPaymentCommand, payload, { messageId });
    const first = await replyPayload(messageId);
    const resend = await sendReturnCommand(harness, RefundPaymentCommand, payload);
    expect(await replyPayload(resend)).toEqual(first);
    await harness.settled();
    expect(harness.replies.causedBy(messageId)).toHaveLength(1);
    expect(harness.events.causedBy(resend)).toEqual([]);
    expect(await refundRows(paymentId)).toBe(1);
    expect(await refundedCents(orderId)).toBe(700);
  });

  it('answers a resend of a declined refund with the same decline, even once the refund would fit', async () => {
    const { orderId } = await capturedOrder('tok_visa', 5000);
    const tooMuch = refundOf(orderId, 6000);
    const declined = await refund(tooMuch);
    expect(declined).toMatchObject({ error: { code: 'REFUND_EXCEEDS_CAPTURE' } });
    expect(await refund({ ...tooMuch, amountCents: 10 })).toEqual(declined);
    expect(await refundedCents(orderId)).toBe(0);
  });

  describe('hostile input', () => {
    const deeplyNested = `{"returnId":"${randomUUID()}","orderId":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;

    it('dead-letters malformed, invalid, oversized and deeply nested refunds without effect', async () => {
      const { orderId, paymentId } = await capturedOrder();
      const valid = refundOf(orderId, 100);
      const invalid = [
        { ...valid, returnId: 'not-a-uuid' },
        { ...valid, amountCents: -1 },
        { ...valid, amountCents: 1.5 },
        { ...valid, amountCents: '100' },
        { ...valid, orderId: undefined },
        { ...valid, extra: true },
      ];
      const { subject, type } = RefundPaymentCommand;
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
      expect(await refundRows(paymentId)).toBe(0);
      expect(await refund(valid)).toMatchObject({ outcome: 'SUCCESS' });
    });

    it('dead-letters a refund keyed by anything but its return id, deciding and remembering nothing', async () => {
      const { orderId, paymentId } = await capturedOrder();
      const payload = refundOf(orderId, 100);
      const sent = [
        await sendReturnCommand(harness, RefundPaymentCommand, payload, { businessKey: null }),
        await sendReturnCommand(harness, RefundPaymentCommand, payload, { businessKey: orderId }),
      ];
      await harness.settled();
      for (const messageId of sent) {
        expect(harness.replies.causedBy(messageId)).toEqual([]);
        const letter = await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
        expect((letter.payload as { reason: string }).reason).toContain(
          'carry its return id as business key',
        );
      }
      expect(await refundRows(paymentId)).toBe(0);
      expect(await refund(payload)).toMatchObject({ outcome: 'SUCCESS', result: { refundedCents: 100 } });
    });
  });
});
