import { randomUUID } from 'node:crypto';
import {
  AuthorizePaymentCommand,
  AuthorizePaymentPayload,
  CapturePaymentCommand,
  GetPaymentQuery,
  Headers,
  PaymentAuthorizedEvent,
  VoidPaymentCommand,
} from '@app/contracts';
import { pollUntil } from '@test/support';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { Payment } from './payment.entity';
import { PaymentModule } from './payment.module';

describe('payment service over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('payment', (config) => PaymentModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const command = (token: string): AuthorizePaymentPayload => ({
    orderId: randomUUID(),
    customerId: 'cust-42',
    amountCents: 4200,
    currency: 'GBP',
    method: 'card',
    token,
  });

  it('authorizes, then captures, answering on saga.reply.payment.*', async () => {
    const payload = command('tok_visa');
    const commandId = await harness.send(AuthorizePaymentCommand, payload);
    const reply = await harness.replyTo(commandId);
    expect(reply.subject).toBe('saga.reply.payment.authorize');
    expect(reply.headers[Headers.causationId]).toBe(commandId);
    expect(reply.payload).toMatchObject({ outcome: 'SUCCESS', result: { paymentId: expect.any(String) } });
    expect((await pollUntil(() => harness.events.causedBy(commandId)[0])).subject).toBe(
      PaymentAuthorizedEvent.subject,
    );

    const { paymentId } = (reply.payload as { result: { paymentId: string } }).result;
    const captured = await harness.replyTo(
      await harness.send(CapturePaymentCommand, { orderId: payload.orderId, paymentId }),
    );
    expect(captured.subject).toBe('saga.reply.payment.capture');
    expect(captured.payload).toEqual({ outcome: 'SUCCESS', result: { paymentId, status: 'CAPTURED' } });
    expect(await harness.query(GetPaymentQuery, { orderId: payload.orderId })).toEqual({
      paymentId,
      status: 'CAPTURED',
      amountCents: 4200,
      currency: 'GBP',
      refundedCents: 0,
    });
    expect(await harness.query(GetPaymentQuery, { orderId: randomUUID() })).toBeNull();
  });

  it('answers tok_processingError with two transient failures, each retry being a new message, then approves', async () => {
    const payload = command('tok_processingError');
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await harness.replyTo(await harness.send(AuthorizePaymentCommand, payload));
      outcomes.push(
        (reply.payload as { outcome: string; error?: { code: string } }).error?.code ?? 'SUCCESS',
      );
    }
    expect(outcomes).toEqual(['PROCESSING_ERROR', 'PROCESSING_ERROR', 'SUCCESS']);
  });

  it('never answers tok_timeout; the void then finds nothing and the late authorize is refused', async () => {
    const payload = command('tok_timeout');
    const silent = await harness.send(AuthorizePaymentCommand, payload);
    await harness.settled();
    expect(harness.replies.causedBy(silent)).toEqual([]);

    const voided = await harness.replyTo(
      await harness.send(VoidPaymentCommand, { orderId: payload.orderId }),
    );
    expect(voided.subject).toBe('saga.reply.payment.void');
    expect(voided.payload).toEqual({ outcome: 'SUCCESS', result: { status: 'VOIDED' } });
    const late = await harness.replyTo(
      await harness.send(AuthorizePaymentCommand, { ...payload, token: 'tok_visa' }),
    );
    expect(late.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'ALREADY_COMPENSATED' },
    });
  });

  it('authorizes once for a resend under a new message id, with the same reply', async () => {
    const payload = command('tok_visa');
    const first = await harness.replyTo(await harness.send(AuthorizePaymentCommand, payload));
    const again = await harness.replyTo(await harness.send(AuthorizePaymentCommand, payload));
    expect(again.payload).toEqual(first.payload);
    expect(await harness.dataSource.getRepository(Payment).countBy({ orderId: payload.orderId })).toBe(1);
  });

  it('dead-letters malformed and oversized commands without effect', async () => {
    const subject = AuthorizePaymentCommand.subject;
    const negative = { ...command('tok_visa'), amountCents: -1 };
    const sent = [
      await harness.sendRaw(subject, AuthorizePaymentCommand.type, '{'),
      await harness.sendRaw(subject, AuthorizePaymentCommand.type, JSON.stringify(negative)),
      await harness.sendRaw(
        subject,
        AuthorizePaymentCommand.type,
        JSON.stringify({ ...command('x'.repeat(65)) }),
      ),
      await harness.sendRaw(
        subject,
        AuthorizePaymentCommand.type,
        JSON.stringify({ ...command('tok_visa'), pad: 'x'.repeat(70_000) }),
      ),
    ];
    await harness.settled();
    for (const messageId of sent) {
      expect(harness.replies.causedBy(messageId)).toEqual([]);
      await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
    }
    expect(await harness.query(GetPaymentQuery, { orderId: negative.orderId })).toBeNull();
  });
});
