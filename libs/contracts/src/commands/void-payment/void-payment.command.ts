import { IsOptional, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';

export class VoidPaymentPayload extends OrderScoped {
  /** Absent when the authorize step timed out and its payment id is unknown. */
  @IsOptional()
  @IsUUID()
  paymentId?: string;
}

export const VoidPaymentCommand = defineCommand({
  service: 'payment',
  action: 'void',
  payload: VoidPaymentPayload,
  description: 'Compensation of payment.authorize: release the authorization.',
});
