import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuthorizePaymentPayload } from '@app/contracts';
import { NO_REPLY } from '@app/participant';
import { runBatchedTransaction } from '@app/persistence';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { PaymentRefundedEvent, RefundPaymentPayload } from '@app/order-return';
import { pollUntil } from '@test/support';
import { PAYMENT_ENTITIES } from '../payment.entities';
import { PaymentService } from '../payment.service';
import { PaymentRefund } from './payment-refund.entity';
import { lockPaymentWithRefunds, paymentLockOpening, refundedCentsOf } from './refund-reads';
import { RefundService } from './refund.service';

describe('RefundService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const payments = new PaymentService();
  const refunds = new RefundService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('payment', PAYMENT_ENTITIES);
  });
  afterAll(() => db.close());

  /** An order paid with `token` for `amountCents`, captured unless told otherwise. */
  const paidOrder = async (token = 'tok_visa', amountCents = 5000, captured = true) => {
    const payload: AuthorizePaymentPayload = {
      orderId: randomUUID(),
      customerId: 'cust-42',
      amountCents,
      currency: 'EUR',
      method: 'card',
      token,
    };
    const authorized = await db.transaction((m) => payments.authorize(m, payload));
    if (authorized === NO_REPLY || authorized.reply.outcome !== 'SUCCESS') {
      throw new Error(`expected ${token} to authorize`);
    }
    const paymentId = authorized.reply.result!.paymentId;
    if (captured) await db.transaction((m) => payments.capture(m, { orderId: payload.orderId, paymentId }));
    return { orderId: payload.orderId, paymentId };
  };
  const refundCommand = (
    orderId: string,
    amountCents: number,
    returnId = randomUUID(),
  ): RefundPaymentPayload => ({
    returnId,
    orderId,
    amountCents,
  });
  const refund = (command: RefundPaymentPayload) => db.transaction((m) => refunds.refund(m, command));
  const refundedCents = (paymentId: string) => refundedCentsOf(db.dataSource.manager, paymentId);
  const refundRows = (paymentId: string) => db.dataSource.getRepository(PaymentRefund).findBy({ paymentId });

  it('refunds part of a captured payment: a refund row, the total in the reply, payment.refunded', async () => {
    const { orderId, paymentId } = await paidOrder();
    const command = refundCommand(orderId, 1200);
    const decision = await refund(command);

    const [row] = await refundRows(paymentId);
    expect(row).toMatchObject({ paymentId, returnId: command.returnId, amountCents: 1200 });
    expect(decision.reply).toEqual({
      outcome: 'SUCCESS',
      result: { returnId: command.returnId, paymentId, refundId: row.refundId, refundedCents: 1200 },
    });
    expect(decision.events).toEqual([
      {
        contract: PaymentRefundedEvent,
        payload: {
          orderId,
          paymentId,
          amountCents: 1200,
          currency: 'EUR',
          returnId: command.returnId,
          refundId: row.refundId,
          refundedCents: 1200,
        },
      },
    ]);
    expect(await refundedCents(paymentId)).toBe(1200);
  });

  it('tok_refundDeclined authorizes and captures like any card, then its refund is declined for good', async () => {
    const { orderId, paymentId } = await paidOrder('tok_refundDeclined');
    const command = refundCommand(orderId, 100);
    const decision = await refund(command);
    expect(decision.reply).toEqual({
      outcome: 'BUSINESS_FAILURE',
      error: {
        code: 'REFUND_DECLINED',
        message: `the card processor declined the refund of payment ${paymentId}`,
      },
    });
    expect(decision.events).toEqual([]);
    expect(await refundRows(paymentId)).toEqual([]);
    expect(decision.remember).toBe(true);
  });

  it('refuses REFUND_EXCEEDS_CAPTURE past the captured amount, and before the capture', async () => {
    const captured = await paidOrder('tok_visa', 5000);
    expect((await refund(refundCommand(captured.orderId, 5001))).reply.error?.code).toBe(
      'REFUND_EXCEEDS_CAPTURE',
    );
    expect(await refundedCents(captured.paymentId)).toBe(0);

    const authorizedOnly = await paidOrder('tok_visa', 5000, false);
    expect((await refund(refundCommand(authorizedOnly.orderId, 1))).reply.error?.code).toBe(
      'REFUND_EXCEEDS_CAPTURE',
    );
    expect((await refund(refundCommand(randomUUID(), 1))).reply.error?.code).toBe('REFUND_EXCEEDS_CAPTURE');
  });

  it('refunds two returns of one order as two refunds, and refuses the third past the capture', async () => {
    const { orderId, paymentId } = await paidOrder('tok_visa', 5000);
    const first = await refund(refundCommand(orderId, 2000));
    const second = await refund(refundCommand(orderId, 3000));
    expect(first.reply.result?.refundedCents).toBe(2000);
    expect(second.reply.result?.refundedCents).toBe(5000);
    expect(second.reply.result?.refundId).not.toBe(first.reply.result?.refundId);
    expect((await refund(refundCommand(orderId, 1))).reply.error?.code).toBe('REFUND_EXCEEDS_CAPTURE');
    expect(await refundRows(paymentId)).toHaveLength(2);
    expect(await refundedCents(paymentId)).toBe(5000);
  });

  it('refunds a return once when it is decided again (a resend the ledger forgot): its refund row answers', async () => {
    const { orderId, paymentId } = await paidOrder();
    const command = refundCommand(orderId, 700);
    const first = await refund(command);
    const again = await refund({ ...command, amountCents: 900 });
    expect(again.reply).toEqual(first.reply);
    expect(again.events).toEqual([]);
    expect(again.remember).toBe(true);
    expect(await refundRows(paymentId)).toHaveLength(1);
    expect(await refundedCents(paymentId)).toBe(700);
  });

  it('never refunds past the capture when two refunds race: the second waits for the first and is refused', async () => {
    const { orderId, paymentId } = await paidOrder('tok_visa', 5000);
    let second: Promise<unknown> | undefined;
    const first = db.transaction(async (manager: EntityManager) => {
      const decision = await refunds.refund(manager, refundCommand(orderId, 3000));
      // The first holds the payment row until it commits; the second must queue behind it.
      second = refund(refundCommand(orderId, 3000));
      await pollUntil(() => sessionsWaitingOnALock(), { timeoutMs: 10_000 }, 'the second refund to wait');
      return decision;
    });
    expect((await first).reply.outcome).toBe('SUCCESS');
    expect(await second).toMatchObject({
      reply: { outcome: 'BUSINESS_FAILURE', error: { code: 'REFUND_EXCEEDS_CAPTURE' } },
    });
    expect(await refundedCents(paymentId)).toBe(3000);
  });

  describe('with the payment row locked by the BEGIN (how the command handler runs it)', () => {
    const refundOpened = (command: RefundPaymentPayload) => {
      const opening = paymentLockOpening(command.orderId);
      return runBatchedTransaction(db.dataSource, opening.statements('payments'), async (manager, rows) => {
        opening.opened(manager, rows);
        return refunds.refund(manager, command);
      });
    };

    it('never refunds past the capture: of two refunds that together pass it, one is refused', async () => {
      const { orderId, paymentId } = await paidOrder('tok_visa', 5000);
      const outcomes = await Promise.all([
        refundOpened(refundCommand(orderId, 3000)),
        refundOpened(refundCommand(orderId, 3000)),
      ]);
      expect(outcomes.map((outcome) => outcome.reply.error?.code ?? outcome.reply.outcome).sort()).toEqual([
        'REFUND_EXCEEDS_CAPTURE',
        'SUCCESS',
      ]);
      expect(await refundedCents(paymentId)).toBe(3000);
    });

    it('answers from the rows the BEGIN read, without a query of its own', async () => {
      const { orderId, paymentId } = await paidOrder('tok_visa', 5000);
      await refund(refundCommand(orderId, 1000));
      const opening = paymentLockOpening(orderId);
      const read = await runBatchedTransaction(
        db.dataSource,
        opening.statements('payments'),
        async (manager, rows) => {
          opening.opened(manager, rows);
          // A statement batch reaches the connection through connect(), a lone query through query().
          Object.assign(manager.queryRunner!, {
            query: () => Promise.reject(new Error('a query of its own')),
            connect: () => Promise.reject(new Error('a statement batch of its own')),
          });
          return lockPaymentWithRefunds(manager, orderId);
        },
      );
      expect(read).toEqual({
        payment: {
          id: paymentId,
          status: 'CAPTURED',
          amountCents: 5000,
          currency: 'EUR',
          cardToken: 'tok_visa',
        },
        refunds: [{ refundId: expect.any(String), returnId: expect.any(String), amountCents: 1000 }],
      });
    });
  });

  async function sessionsWaitingOnALock(): Promise<boolean> {
    const [{ waiting }] = (await db.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    )) as [{ waiting: number }];
    return waiting > 0;
  }
});
