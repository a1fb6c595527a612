import { IsIn, IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { Currency, PaymentMethod } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedInt, BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH, MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';

export class AuthorizePaymentPayload extends OrderScoped {
  @BoundedString(MAX_ID_LENGTH)
  customerId: string;

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  amountCents: number;

  @IsIn(Object.values(Currency))
  currency: Currency;

  @IsIn(Object.values(PaymentMethod))
  method: PaymentMethod;

  @BoundedString(MAX_ID_LENGTH)
  token: string;
}

export class AuthorizePaymentReplyResult {
  @IsUUID()
  paymentId: string;

  @BoundedString(MAX_ID_LENGTH)
  authorizationCode: string;
}

export const AuthorizePaymentCommand = defineCommand({
  service: 'payment',
  action: 'authorize',
  payload: AuthorizePaymentPayload,
  description: 'Authorize (hold) the order amount on the customer card.',
  result: AuthorizePaymentReplyResult,
  replyDescription:
    'Outcome of payment.authorize; PAYMENT_DECLINED or INSUFFICIENT_FUNDS on business failure.',
});
