import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ApproveOrderPayload,
  ApproveOrderReplyResult,
  CancelOrderPayload,
  CancelOrderReplyResult,
  CreateOrderPayload,
  CreateOrderReplyResult,
  GetOrderResult,
  OrderApprovedEvent,
  OrderCancelledEvent,
  OrderCreatedEvent,
} from '@app/contracts';
import { Decision, domainEvent, refused, succeeded } from '@app/participant';
import { findOrderRow, insertAtCommit, updateAtCommit } from '@app/persistence';
import { Order } from './order.entity';

export const OrderRefusals = {
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  ORDER_CANCELLED: 'ORDER_CANCELLED',
  ORDER_ALREADY_APPROVED: 'ORDER_ALREADY_APPROVED',
} as const;

/** The cancel reason of an order whose create arrived after the saga had compensated it. */
export const CANCELLED_BEFORE_CREATED = 'cancelled before its create arrived';

/**
 * The order lifecycle: PENDING → APPROVED after the pivot, or PENDING → CANCELLED as compensation.
 * Resends and compensations that overtake their command are the command table's (order-commands).
 */
@Injectable()
export class OrderService {
  async create(
    manager: EntityManager,
    command: CreateOrderPayload,
  ): Promise<Decision<CreateOrderReplyResult>> {
    await insertOrder(manager, command, 'PENDING', null);
    const { orderId, customerId, currency, items, totalCents } = command;
    return succeeded({ orderId, status: 'PENDING' as const }, [
      domainEvent(OrderCreatedEvent, { orderId, customerId, currency, items, totalCents }),
    ]);
  }

  /**
   * The saga cancelled this order before its create arrived, so the create is refused; the order
   * is still recorded, CANCELLED, so that it reads as the outcome users got rather than as an
   * order that was never heard of (or PENDING for ever in the gateway's view). Nothing is
   * announced: no order was ever created. A resend finds the row and leaves it.
   */
  async recordCancelledBeforeCreated(manager: EntityManager, command: CreateOrderPayload): Promise<void> {
    if (await findOrderRow(manager, Order, 'id', command.orderId)) return;
    await insertOrder(manager, command, 'CANCELLED', CANCELLED_BEFORE_CREATED);
  }

  async approve(
    manager: EntityManager,
    command: ApproveOrderPayload,
  ): Promise<Decision<ApproveOrderReplyResult>> {
    const order = await findOrderRow(manager, Order, 'id', command.orderId);
    if (!order) return refused(OrderRefusals.ORDER_NOT_FOUND, `order ${command.orderId} does not exist`);
    if (order.status === 'CANCELLED') {
      return refused(OrderRefusals.ORDER_CANCELLED, `order ${command.orderId} is cancelled`);
    }
    await updateAtCommit(manager, Order, { id: order.id }, { status: 'APPROVED' });
    return succeeded({ orderId: order.id, status: 'APPROVED' as const }, [
      domainEvent(OrderApprovedEvent, { orderId: order.id }),
    ]);
  }

  async cancel(
    manager: EntityManager,
    command: CancelOrderPayload,
  ): Promise<Decision<CancelOrderReplyResult>> {
    const cancelled = { orderId: command.orderId, status: 'CANCELLED' as const };
    const order = await findOrderRow(manager, Order, 'id', command.orderId);
    if (!order) return succeeded(cancelled);
    // Approval happens after the pivot: from then on the order can no longer be undone.
    if (order.status === 'APPROVED') {
      return refused(OrderRefusals.ORDER_ALREADY_APPROVED, `order ${command.orderId} is approved`);
    }
    if (order.status === 'CANCELLED') return succeeded(cancelled);
    await updateAtCommit(
      manager,
      Order,
      { id: order.id },
      { status: 'CANCELLED', cancelReason: command.reason },
    );
    return succeeded(cancelled, [
      domainEvent(OrderCancelledEvent, { orderId: order.id, reason: command.reason }),
    ]);
  }

  async find(manager: EntityManager, orderId: string): Promise<GetOrderResult | null> {
    const order = await manager.findOneBy(Order, { id: orderId });
    return (
      order && {
        orderId: order.id,
        status: order.status,
        customerId: order.customerId,
        currency: order.currency,
        items: order.items,
        totalCents: order.totalCents,
        createdAt: order.createdAt.toISOString(),
        updatedAt: order.updatedAt.toISOString(),
      }
    );
  }
}

function insertOrder(
  manager: EntityManager,
  command: CreateOrderPayload,
  status: 'PENDING' | 'CANCELLED',
  cancelReason: string | null,
): Promise<void> {
  return insertAtCommit(manager, Order, {
    id: command.orderId,
    status,
    customerId: command.customerId,
    currency: command.currency,
    items: command.items,
    totalCents: command.totalCents,
    shippingAddress: command.shippingAddress,
    cancelReason,
  });
}
