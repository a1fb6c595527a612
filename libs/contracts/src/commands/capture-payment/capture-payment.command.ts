import { IsIn, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { PaymentStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';

export class CapturePaymentPayload extends OrderScoped {
  @IsUUID()
  paymentId: string;
}

export class CapturePaymentReplyResult {
  @IsUUID()
  paymentId: string;

  @IsIn([PaymentStatus.CAPTURED])
  status: typeof PaymentStatus.CAPTURED;
}

export const CapturePaymentCommand = defineCommand({
  service: 'payment',
  action: 'capture',
  payload: CapturePaymentPayload,
  description: 'Capture the authorized amount (after the pivot; retried until done).',
  result: CapturePaymentReplyResult,
});
