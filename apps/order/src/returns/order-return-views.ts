import type { EntityManager } from 'typeorm';
import { MAX_RETURNS_IN_ORDER_VIEW, type OrderReturnSummary } from '@app/contracts';
import type { GetReturnResult } from '@app/order-return';
import { OrderReturn } from './order-return.entity';

/** The return `returnId` of the order `orderId` for the gateway; null when that order has no such return. */
export async function findReturnView(
  manager: EntityManager,
  orderId: string,
  returnId: string,
): Promise<GetReturnResult | null> {
  const found = await manager.findOneBy(OrderReturn, { returnId, orderId });
  return (
    found && {
      returnId: found.returnId,
      orderId: found.orderId,
      status: found.status,
      reason: found.reason,
      items: found.items,
      refundCents: found.refundCents,
      createdAt: found.createdAt.toISOString(),
      updatedAt: found.updatedAt.toISOString(),
    }
  );
}

/** The order's returns for its view, oldest first: the newest `MAX_RETURNS_IN_ORDER_VIEW` of them. */
export async function returnSummariesOf(
  manager: EntityManager,
  orderId: string,
): Promise<OrderReturnSummary[]> {
  const newest = await manager.find(OrderReturn, {
    where: { orderId },
    select: { returnId: true, status: true, refundCents: true, createdAt: true },
    // The return id breaks ties between returns created in the same transaction (same now()).
    order: { createdAt: 'DESC', returnId: 'DESC' },
    take: MAX_RETURNS_IN_ORDER_VIEW,
  });
  return newest.reverse().map(({ returnId, status, refundCents }) => ({ returnId, status, refundCents }));
}
