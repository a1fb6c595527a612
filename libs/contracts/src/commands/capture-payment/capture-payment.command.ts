import { IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';

export class CapturePaymentPayload extends OrderScoped {
  @IsUUID()
  paymentId: string;
}

export const CapturePaymentCommand = defineCommand({
  service: 'payment',
  action: 'capture',
  payload: CapturePaymentPayload,
  description: 'Capture the authorized amount (after the pivot; retried until done).',
});
