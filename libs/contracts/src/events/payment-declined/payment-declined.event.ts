import { IsIn } from 'class-validator';
import { defineEvent } from '../../contract-builders';
import { FailureCodes } from '../../replies/failure-codes';
import { PaymentAmount } from '../payment-amount';

export const PAYMENT_DECLINE_CODES = [
  FailureCodes.PAYMENT_DECLINED,
  FailureCodes.INSUFFICIENT_FUNDS,
] as const;
export type PaymentDeclineCode = (typeof PAYMENT_DECLINE_CODES)[number];

export class PaymentDeclinedPayload extends PaymentAmount {
  @IsIn(PAYMENT_DECLINE_CODES)
  code: PaymentDeclineCode;
}

export const PaymentDeclinedEvent = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'declined',
  payload: PaymentDeclinedPayload,
  description: 'The card processor declined the authorization.',
});
