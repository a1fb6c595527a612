import { defineQuery, LineItems, SkuQuantity, Timestamp } from '@app/contracts';
import { IsIn } from 'class-validator';
import { RefundCents } from '../shared/refund-cents';
import { ReturnReason } from '../shared/return-reason';
import { ReturnScoped } from '../shared/return-scoped';
import { ReturnStatus } from '../shared/return-status';

export class GetReturnPayload extends ReturnScoped {}

export class GetReturnResult extends ReturnScoped {
  @IsIn(Object.values(ReturnStatus))
  status: ReturnStatus;

  @ReturnReason()
  reason: string;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  /** What the return refunds (or refunded): Σ quantity × unit price; 0 for a return refused outright. */
  @RefundCents()
  refundCents: number;

  @Timestamp()
  createdAt: string;

  @Timestamp()
  updatedAt: string;
}

export const GetReturnQuery = defineQuery({
  service: 'order',
  name: 'get-return',
  payload: GetReturnPayload,
  result: GetReturnResult,
  description: 'One return of an order; null when the order has no such return.',
});
