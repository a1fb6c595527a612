import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Decision, declined, domainEvent, succeeded } from '@app/participant';
import { insertAtCommit } from '@app/persistence';
import { PaymentRefundedEvent, RefundPaymentPayload, RefundPaymentReplyResult } from '@app/order-return';
import { PaymentRefund } from './payment-refund.entity';
import { decideRefund } from './refund-decision';
import { lockPaymentWithRefunds } from './refund-reads';

/** Refunds for order returns against the simulated card processor, never past the capture. */
@Injectable()
export class RefundService {
  /**
   * A refusal is remembered (`declined`), not judged afresh on a resend: the saga compensates
   * the return on it, and a later resend must not refund a return that was rejected meanwhile.
   * The refund row, one per return, keeps a resend from refunding twice even when the command
   * ledger no longer remembers the first.
   */
  async refund(
    manager: EntityManager,
    command: RefundPaymentPayload,
  ): Promise<Decision<RefundPaymentReplyResult>> {
    const { payment, refunds } = await lockPaymentWithRefunds(manager, command.orderId);
    const verdict = decideRefund(command, payment, refunds);
    switch (verdict.kind) {
      case 'refused':
        return declined(verdict.code, verdict.message);
      case 'refunded-before':
        return succeeded({
          returnId: command.returnId,
          paymentId: verdict.payment.id,
          refundId: verdict.refund.refundId,
          refundedCents: verdict.refundedCents,
        });
      case 'refund': {
        const refund = {
          refundId: randomUUID(),
          paymentId: verdict.payment.id,
          returnId: command.returnId,
          amountCents: command.amountCents,
        };
        await insertAtCommit(manager, PaymentRefund, refund);
        return succeeded(
          {
            returnId: command.returnId,
            paymentId: refund.paymentId,
            refundId: refund.refundId,
            refundedCents: verdict.refundedCents,
          },
          [
            domainEvent(PaymentRefundedEvent, {
              orderId: command.orderId,
              paymentId: refund.paymentId,
              amountCents: command.amountCents,
              currency: verdict.payment.currency,
              returnId: command.returnId,
              refundId: refund.refundId,
              refundedCents: verdict.refundedCents,
            }),
          ],
        );
      }
    }
  }
}
