import { ApiProperty } from '@nestjs/swagger';
import { type GetSagaByOrderResult, SagaStatus, SkuQuantity } from '@app/contracts';
import { type GetReturnResult, ReturnStatus } from '@app/order-return';
import { SagaView } from '../orders/order-view';
import type { AcceptedReturn } from './accepted-returns';

/** The saga's state as the orchestrator's saga queries answer it (by order, by business key). */
export type SagaState = GetSagaByOrderResult;

/** `GET /orders/{orderId}/returns/{returnId}`: the return and the order-return saga running it. */
export class ReturnView {
  @ApiProperty({ format: 'uuid' }) returnId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: Object.values(ReturnStatus) }) status: ReturnStatus;
  @ApiProperty({ example: 'damaged' }) reason: string;
  @ApiProperty({ type: () => [SkuQuantity] }) items: SkuQuantity[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Σ quantity × the order unit price; 0 for a rejected return; null while the order service has not priced the return yet',
  })
  refundCents: number | null;

  @ApiProperty({ type: () => SagaView, nullable: true }) saga: SagaView | null;
}

/** The return as the order service records it, or as the gateway accepted it before that. */
export type ReturnCore = Pick<GetReturnResult, 'returnId' | 'orderId' | 'status' | 'reason' | 'items'> & {
  refundCents: number | null;
};

/**
 * A return the gateway accepted that the order service has not recorded: PENDING while the saga
 * may still record it, REJECTED once the saga compensated without it (the order service then
 * refuses its late request). Its refund is unknown until the order service prices it.
 */
export function notRecordedReturn(accepted: AcceptedReturn, saga: SagaState | null): ReturnCore {
  const { returnId, orderId, items, reason } = accepted;
  const status = saga?.status === SagaStatus.COMPENSATED ? ReturnStatus.REJECTED : ReturnStatus.PENDING;
  return { returnId, orderId, status, reason, items, refundCents: null };
}

export function composeReturnView(core: ReturnCore, saga: SagaState | null): ReturnView {
  return {
    returnId: core.returnId,
    orderId: core.orderId,
    status: core.status,
    reason: core.reason,
    items: core.items.map(({ sku, quantity }) => ({ sku, quantity })),
    refundCents: core.refundCents,
    saga: saga && { sagaId: saga.sagaId, status: saga.status, currentStep: saga.currentStep ?? null },
  };
}
