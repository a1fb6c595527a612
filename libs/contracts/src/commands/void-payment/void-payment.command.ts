import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { PaymentStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';

export class VoidPaymentPayload extends OrderScoped {
  /** Absent when the authorize step timed out and its payment id is unknown. */
  @IsOptional()
  @IsUUID()
  paymentId?: string;
}

export class VoidPaymentReplyResult {
  /** Absent when there was nothing to void (the authorize command was never seen). */
  @IsOptional()
  @IsUUID()
  paymentId?: string;

  @IsIn([PaymentStatus.VOIDED])
  status: typeof PaymentStatus.VOIDED;
}

export const VoidPaymentCommand = defineCommand({
  service: 'payment',
  action: 'void',
  payload: VoidPaymentPayload,
  description: 'Compensation of payment.authorize: release the authorization.',
  result: VoidPaymentReplyResult,
});
