import { IsIn, IsUUID } from 'class-validator';
import { CapturePaymentCommand } from '../../commands/capture-payment/capture-payment.command';
import { defineReply } from '../../contract-builders';
import { PaymentStatus } from '../../shared/domain-values';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class CapturePaymentReplyResult {
  @IsUUID()
  paymentId: string;

  @IsIn([PaymentStatus.CAPTURED])
  status: typeof PaymentStatus.CAPTURED;
}

export class CapturePaymentReplyPayload extends ReplyPayload {
  @ReplyResult(() => CapturePaymentReplyResult)
  result?: CapturePaymentReplyResult;
}

export const CapturePaymentReply = defineReply(
  CapturePaymentCommand,
  CapturePaymentReplyPayload,
  'Outcome of payment.capture.',
);
