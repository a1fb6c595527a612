import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { defineQuery } from '../../contract-builders';
import { Currency, PaymentStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedInt } from '../../validation/field-decorators';
import { MAX_ORDER_TOTAL_CENTS } from '../../validation/limits';

export class GetPaymentPayload extends OrderScoped {}

export class GetPaymentResult {
  @IsUUID()
  paymentId: string;

  @IsIn(Object.values(PaymentStatus))
  status: PaymentStatus;

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  amountCents: number;

  @IsIn(Object.values(Currency))
  currency: Currency;

  /** What the order's returns refunded so far (0 when none); absent from payment services older than returns. */
  @IsOptional()
  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  refundedCents?: number;
}

export const GetPaymentQuery = defineQuery({
  service: 'payment',
  name: 'by-order',
  payload: GetPaymentPayload,
  result: GetPaymentResult,
  description: "The order's payment; null when the order has none.",
});
