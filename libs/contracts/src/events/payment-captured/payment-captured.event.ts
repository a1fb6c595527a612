import { defineEvent } from '../../contract-builders';
import { PaymentAmount } from '../payment-amount';

export class PaymentCapturedPayload extends PaymentAmount {}

export const PaymentCapturedEvent = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'captured',
  payload: PaymentCapturedPayload,
  description: 'The authorized amount was captured.',
});
