import { randomUUID } from 'node:crypto';
import {
  AuthorizePaymentCommand,
  AuthorizePaymentPayload,
  AuthorizePaymentReplyResult,
  CapturePaymentCommand,
  CapturePaymentReplyResult,
  VoidPaymentCommand,
  VoidPaymentReplyResult,
  PaymentAuthorizedEvent,
  PaymentCapturedEvent,
  PaymentDeclinedEvent,
  PaymentVoidedEvent,
} from '@app/contracts';
import { NO_REPLY, ProcessedCommand } from '@app/participant';
import { decideCommand, decidedCommand } from '@app/participant/testing/decide-command';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { paymentCommands } from './payment-commands.controller';
import { Payment } from './payment.entity';
import { PAYMENT_ENTITIES } from './payment.entities';
import { PaymentService } from './payment.service';

describe('PaymentService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const payments = new PaymentService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('payment', PAYMENT_ENTITIES);
  });
  afterAll(() => db.close());

  const command = (
    token: string,
    amountCents = 2598,
    orderId: string = randomUUID(),
  ): AuthorizePaymentPayload => ({
    orderId,
    customerId: 'cust-42',
    amountCents,
    currency: 'USD',
    method: 'card',
    token,
  });
  // Through the command table, as on receipt: resends and tombstones are its ledger's.
  const authorizeWith = (service: PaymentService, payload: AuthorizePaymentPayload) =>
    db.transaction((m) =>
      decideCommand<AuthorizePaymentReplyResult>(
        paymentCommands,
        service,
        m,
        AuthorizePaymentCommand,
        payload,
      ),
    );
  const authorize = (payload: AuthorizePaymentPayload) => authorizeWith(payments, payload);
  const answered = async (payload: AuthorizePaymentPayload) => {
    const decision = await authorize(payload);
    if (decision === NO_REPLY) throw new Error('expected an answer');
    return decision;
  };
  const voidPayment = (orderId: string, paymentId?: string) =>
    db.transaction((m) =>
      decidedCommand<VoidPaymentReplyResult>(paymentCommands, payments, m, VoidPaymentCommand, {
        orderId,
        paymentId,
      }),
    );
  const capture = (orderId: string, paymentId: string) =>
    db.transaction((m) =>
      decidedCommand<CapturePaymentReplyResult>(paymentCommands, payments, m, CapturePaymentCommand, {
        orderId,
        paymentId,
      }),
    );
  const paymentOf = (orderId: string) => db.transaction((m) => payments.paymentOf(m, orderId));
  const authorized = async (orderId: string = randomUUID()) => {
    const decision = await answered(command('tok_visa', 2598, orderId));
    return { orderId, paymentId: decision.reply.result!.paymentId };
  };

  describe('authorize', () => {
    it('approves tok_visa: an AUTHORIZED payment with an authorization code', async () => {
      const payload = command('tok_visa');
      const decision = await answered(payload);
      expect(decision.reply).toEqual({
        outcome: 'SUCCESS',
        result: {
          paymentId: expect.any(String),
          authorizationCode: expect.stringMatching(/^AUTH-[0-9A-F]{8}$/),
        },
      });
      const { paymentId, authorizationCode } = decision.reply.result!;
      expect(decision.events).toEqual([
        {
          contract: PaymentAuthorizedEvent,
          payload: {
            orderId: payload.orderId,
            paymentId,
            amountCents: 2598,
            currency: 'USD',
            authorizationCode,
          },
        },
      ]);
      expect(await paymentOf(payload.orderId)).toEqual({
        paymentId,
        status: 'AUTHORIZED',
        amountCents: 2598,
        currency: 'USD',
      });
    });

    it.each([
      ['tok_chargeDeclined', 2598, 'PAYMENT_DECLINED'],
      ['tok_insufficientFunds', 2598, 'INSUFFICIENT_FUNDS'],
      ['tok_visa', 1_000_001, 'PAYMENT_DECLINED'],
    ])('declines %s for %i cents with %s and keeps a DECLINED payment', async (token, amountCents, code) => {
      const payload = command(token, amountCents);
      const decision = await answered(payload);
      expect(decision.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code, message: expect.any(String) },
      });
      const payment = await paymentOf(payload.orderId);
      expect(payment).toEqual({
        paymentId: expect.any(String),
        status: 'DECLINED',
        amountCents,
        currency: 'USD',
      });
      expect(decision.events).toEqual([
        {
          contract: PaymentDeclinedEvent,
          payload: {
            orderId: payload.orderId,
            paymentId: payment!.paymentId,
            amountCents,
            currency: 'USD',
            code,
          },
        },
      ]);
    });

    it('approves exactly 1,000,000 cents', async () => {
      expect((await answered(command('tok_visa', 1_000_000))).reply.outcome).toBe('SUCCESS');
    });

    it('fails tok_processingError transiently twice (counted in the database), then approves', async () => {
      const payload = command('tok_processingError');
      const first = await answered(payload);
      const second = await answered(payload);
      expect(first.reply).toEqual({
        outcome: 'TRANSIENT_FAILURE',
        error: { code: 'PROCESSING_ERROR', message: expect.any(String) },
      });
      expect(second.reply).toEqual(first.reply);
      expect(await paymentOf(payload.orderId)).toBeNull();

      // A second service instance (another replica, or this one restarted) continues the count.
      const third = await authorizeWith(new PaymentService(), payload);
      expect(third).not.toBe(NO_REPLY);
      expect(third !== NO_REPLY && third.reply.outcome).toBe('SUCCESS');
      expect((await paymentOf(payload.orderId))?.status).toBe('AUTHORIZED');
    });

    it('never answers tok_timeout and records nothing', async () => {
      const payload = command('tok_timeout');
      expect(await authorize(payload)).toBe(NO_REPLY);
      expect(await paymentOf(payload.orderId)).toBeNull();
      expect(
        await db.dataSource.getRepository(ProcessedCommand).countBy({ businessKey: payload.orderId }),
      ).toBe(0);
    });

    it('authorizes once when sent twice, with the same reply', async () => {
      const payload = command('tok_visa');
      const first = await answered(payload);
      const again = await answered(payload);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect(await db.dataSource.getRepository(Payment).countBy({ orderId: payload.orderId })).toBe(1);
    });

    it('answers a resend of a declined authorization with the same decline', async () => {
      const payload = command('tok_chargeDeclined');
      const first = await answered(payload);
      expect((await answered({ ...payload, token: 'tok_visa' })).reply).toEqual(first.reply);
      expect((await paymentOf(payload.orderId))?.status).toBe('DECLINED');
    });
  });

  describe('void', () => {
    it('voids an authorization once, with the same reply to a resend', async () => {
      const { orderId, paymentId } = await authorized();
      const first = await voidPayment(orderId, paymentId);
      expect(first.reply).toEqual({ outcome: 'SUCCESS', result: { paymentId, status: 'VOIDED' } });
      expect(first.events).toEqual([
        { contract: PaymentVoidedEvent, payload: { orderId, paymentId, amountCents: 2598, currency: 'USD' } },
      ]);
      const again = await voidPayment(orderId, paymentId);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect((await paymentOf(orderId))?.status).toBe('VOIDED');
    });

    it('after tok_timeout: finds no payment, succeeds, tombstones, and refuses the late authorize', async () => {
      const payload = command('tok_timeout');
      await authorize(payload);
      const decision = await voidPayment(payload.orderId);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { status: 'VOIDED' } });
      expect(
        await db.dataSource
          .getRepository(ProcessedCommand)
          .findOneBy({ businessKey: payload.orderId, action: 'payment.authorize' }),
      ).toMatchObject({ state: 'TOMBSTONE' });

      const late = await answered({ ...payload, token: 'tok_visa' });
      expect(late.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'ALREADY_COMPENSATED', message: expect.any(String) },
      });
      expect(await paymentOf(payload.orderId)).toBeNull();
    });

    it('of a declined authorization: nothing is held, so nothing is voided', async () => {
      const payload = command('tok_insufficientFunds');
      await answered(payload);
      const decision = await voidPayment(payload.orderId);
      expect(decision.reply).toEqual({ outcome: 'SUCCESS', result: { status: 'VOIDED' } });
      expect(decision.events).toEqual([]);
      expect((await paymentOf(payload.orderId))?.status).toBe('DECLINED');
    });

    it('refuses to void a captured payment', async () => {
      const { orderId, paymentId } = await authorized();
      await capture(orderId, paymentId);
      expect((await voidPayment(orderId, paymentId)).reply.error?.code).toBe('PAYMENT_ALREADY_CAPTURED');
      expect((await paymentOf(orderId))?.status).toBe('CAPTURED');
    });

    it('refuses another payment id than the order holds', async () => {
      const { orderId } = await authorized();
      expect((await voidPayment(orderId, randomUUID())).reply.error?.code).toBe('PAYMENT_MISMATCH');
      expect((await paymentOf(orderId))?.status).toBe('AUTHORIZED');
    });
  });

  describe('capture', () => {
    it('captures an authorization once, with the same reply to a resend', async () => {
      const { orderId, paymentId } = await authorized();
      const first = await capture(orderId, paymentId);
      expect(first.reply).toEqual({ outcome: 'SUCCESS', result: { paymentId, status: 'CAPTURED' } });
      expect(first.events).toEqual([
        {
          contract: PaymentCapturedEvent,
          payload: { orderId, paymentId, amountCents: 2598, currency: 'USD' },
        },
      ]);
      const again = await capture(orderId, paymentId);
      expect(again.reply).toEqual(first.reply);
      expect(again.events).toEqual([]);
      expect((await paymentOf(orderId))?.status).toBe('CAPTURED');
    });

    it('refuses a capture after a void', async () => {
      const { orderId, paymentId } = await authorized();
      await voidPayment(orderId, paymentId);
      expect((await capture(orderId, paymentId)).reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'PAYMENT_VOIDED', message: `payment ${paymentId} was voided` },
      });
      expect((await paymentOf(orderId))?.status).toBe('VOIDED');
    });

    it('refuses a capture before any authorize, without remembering it', async () => {
      const orderId = randomUUID();
      const early = await capture(orderId, randomUUID());
      expect(early.reply.error?.code).toBe('PAYMENT_NOT_FOUND');
      const { paymentId } = await authorized(orderId);
      expect((await capture(orderId, paymentId)).reply.outcome).toBe('SUCCESS');
    });

    it('refuses to capture a declined payment', async () => {
      const payload = command('tok_chargeDeclined');
      await answered(payload);
      const payment = await paymentOf(payload.orderId);
      expect((await capture(payload.orderId, payment!.paymentId)).reply.error?.code).toBe(
        'PAYMENT_NOT_AUTHORIZED',
      );
    });
  });
});
