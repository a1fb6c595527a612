import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AuthorizePaymentPayload,
  AuthorizePaymentReplyResult,
  CapturePaymentPayload,
  CapturePaymentReplyResult,
  FailureCodes,
  GetPaymentResult,
  PaymentAuthorizedEvent,
  PaymentCapturedEvent,
  PaymentDeclinedEvent,
  PaymentVoidedEvent,
  VoidPaymentPayload,
  VoidPaymentReplyResult,
} from '@app/contracts';
import {
  Decision,
  NO_REPLY,
  NoReply,
  declined,
  domainEvent,
  failedTransiently,
  refused,
  succeeded,
} from '@app/participant';
import { findOrderRow, insertAtCommit, updateAtCommit } from '@app/persistence';
import { dependsOnProcessingErrors, simulateCardProcessor } from './card-processor';
import { Payment } from './payment.entity';
import { ProcessingErrorCount } from './processing-error-count.entity';

export const PaymentRefusals = {
  PAYMENT_NOT_FOUND: 'PAYMENT_NOT_FOUND',
  PAYMENT_NOT_AUTHORIZED: 'PAYMENT_NOT_AUTHORIZED',
  PAYMENT_VOIDED: 'PAYMENT_VOIDED',
  PAYMENT_ALREADY_CAPTURED: 'PAYMENT_ALREADY_CAPTURED',
  PAYMENT_MISMATCH: 'PAYMENT_MISMATCH',
} as const;

/**
 * Authorize, void and capture against the simulated card processor. Resends and voids that overtake
 * their authorization are the command table's (payment-commands).
 */
@Injectable()
export class PaymentService {
  /** Resolves to NO_REPLY when the processor never answers (`tok_timeout`): nothing is recorded then. */
  async authorize(
    manager: EntityManager,
    command: AuthorizePaymentPayload,
  ): Promise<Decision<AuthorizePaymentReplyResult> | NoReply> {
    // Only one test token looks at earlier failures: the other authorizations skip the read.
    const errors = dependsOnProcessingErrors(command.token)
      ? await manager.findOneBy(ProcessingErrorCount, { orderId: command.orderId })
      : null;
    const verdict = simulateCardProcessor({
      token: command.token,
      amountCents: command.amountCents,
      previousProcessingErrors: errors?.count ?? 0,
    });
    switch (verdict.kind) {
      case 'no-answer':
        return NO_REPLY;
      case 'processing-error':
        await manager.save(ProcessingErrorCount, {
          orderId: command.orderId,
          count: (errors?.count ?? 0) + 1,
        });
        return failedTransiently(FailureCodes.PROCESSING_ERROR, verdict.message);
      case 'declined': {
        const payment = await this.record(manager, command, {
          status: 'DECLINED',
          declineCode: verdict.code,
        });
        return declined(verdict.code, verdict.message, [
          domainEvent(PaymentDeclinedEvent, { ...amountOf(payment), code: verdict.code }),
        ]);
      }
      case 'approved': {
        const authorizationCode = `AUTH-${randomBytes(4).toString('hex').toUpperCase()}`;
        const payment = await this.record(manager, command, { status: 'AUTHORIZED', authorizationCode });
        return succeeded({ paymentId: payment.id, authorizationCode }, [
          domainEvent(PaymentAuthorizedEvent, { ...amountOf(payment), authorizationCode }),
        ]);
      }
    }
  }

  async void(manager: EntityManager, command: VoidPaymentPayload): Promise<Decision<VoidPaymentReplyResult>> {
    const payment = await findOrderRow(manager, Payment, 'orderId', command.orderId);
    // Nothing is held for a declined authorization, nor when none happened.
    if (!payment || payment.status === 'DECLINED') return succeeded({ status: 'VOIDED' as const });
    if (command.paymentId && command.paymentId !== payment.id) return mismatch(payment, command.paymentId);
    if (payment.status === 'CAPTURED') {
      return refused(PaymentRefusals.PAYMENT_ALREADY_CAPTURED, `payment ${payment.id} is already captured`);
    }
    const voided = { paymentId: payment.id, status: 'VOIDED' as const };
    if (payment.status === 'VOIDED') return succeeded(voided);
    await updateAtCommit(manager, Payment, { id: payment.id }, { status: 'VOIDED' });
    return succeeded(voided, [domainEvent(PaymentVoidedEvent, amountOf(payment))]);
  }

  async capture(
    manager: EntityManager,
    command: CapturePaymentPayload,
  ): Promise<Decision<CapturePaymentReplyResult>> {
    const payment = await findOrderRow(manager, Payment, 'orderId', command.orderId);
    if (!payment) {
      return refused(PaymentRefusals.PAYMENT_NOT_FOUND, `order ${command.orderId} has no payment to capture`);
    }
    if (payment.id !== command.paymentId) return mismatch(payment, command.paymentId);
    const captured = { paymentId: payment.id, status: 'CAPTURED' as const };
    switch (payment.status) {
      case 'VOIDED':
        return refused(PaymentRefusals.PAYMENT_VOIDED, `payment ${payment.id} was voided`);
      case 'DECLINED':
        return refused(PaymentRefusals.PAYMENT_NOT_AUTHORIZED, `payment ${payment.id} was declined`);
      case 'CAPTURED':
        return succeeded(captured);
      case 'AUTHORIZED':
        await updateAtCommit(manager, Payment, { id: payment.id }, { status: 'CAPTURED' });
        return succeeded(captured, [domainEvent(PaymentCapturedEvent, amountOf(payment))]);
    }
  }

  async paymentOf(manager: EntityManager, orderId: string): Promise<GetPaymentResult | null> {
    const payment = await manager.findOneBy(Payment, { orderId });
    return (
      payment && {
        paymentId: payment.id,
        status: payment.status,
        amountCents: payment.amountCents,
        currency: payment.currency,
      }
    );
  }

  private async record(
    manager: EntityManager,
    command: AuthorizePaymentPayload,
    outcome: Pick<Payment, 'status'> & Partial<Pick<Payment, 'authorizationCode' | 'declineCode'>>,
  ): Promise<Payment> {
    const payment = manager.create(Payment, {
      id: randomUUID(),
      orderId: command.orderId,
      amountCents: command.amountCents,
      currency: command.currency,
      cardToken: command.token,
      authorizationCode: null,
      declineCode: null,
      ...outcome,
    });
    await insertAtCommit(manager, Payment, payment);
    return payment;
  }
}

function amountOf(payment: Payment) {
  return {
    orderId: payment.orderId,
    paymentId: payment.id,
    amountCents: payment.amountCents,
    currency: payment.currency,
  };
}

function mismatch(payment: Payment, paymentId: string): Decision<never> {
  return refused(
    PaymentRefusals.PAYMENT_MISMATCH,
    `order ${payment.orderId} has payment ${payment.id}, not ${paymentId}`,
  );
}
