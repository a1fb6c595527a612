import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { VoidPaymentCommand } from '../../commands/void-payment/void-payment.command';
import { defineReply } from '../../contract-builders';
import { PaymentStatus } from '../../shared/domain-values';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class VoidPaymentReplyResult {
  /** Absent when there was nothing to void (the authorize command was never seen). */
  @IsOptional()
  @IsUUID()
  paymentId?: string;

  @IsIn([PaymentStatus.VOIDED])
  status: typeof PaymentStatus.VOIDED;
}

export class VoidPaymentReplyPayload extends ReplyPayload {
  @ReplyResult(() => VoidPaymentReplyResult)
  result?: VoidPaymentReplyResult;
}

export const VoidPaymentReply = defineReply(
  VoidPaymentCommand,
  VoidPaymentReplyPayload,
  'Outcome of payment.void.',
);
