import { defineEvent } from '../../contract-builders';
import { PaymentAmount } from '../payment-amount';

export class PaymentVoidedPayload extends PaymentAmount {}

export const PaymentVoidedEvent = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'voided',
  payload: PaymentVoidedPayload,
  description: 'An authorization was released (compensation).',
});
