import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  GetReservationResult,
  ReleaseInventoryPayload,
  ReleaseInventoryReplyResult,
  ReserveInventoryPayload,
  ReserveInventoryReplyResult,
  SetStockPayload,
  StockLevel,
  StockReleasedEvent,
  StockReservedEvent,
  StockSetEvent,
} from '@app/contracts';
import type { OutgoingPayload } from '@app/platform';
import { Decision, declined, domainEvent, refused, succeeded } from '@app/participant';
import { insertAtCommit, updateAtCommit } from '@app/persistence';
import { Reservation } from './reservation.entity';
import { planReservation } from './reservation-plan';
import { StockItem } from './stock-item.entity';
import { lockStock, shiftToReserved } from './stock-movements';

/**
 * Inventory's decisions: all-or-nothing reservations that never oversell, releases, stock levels.
 * Resends and releases that overtake their reservation are the command table's (inventory-commands).
 */
@Injectable()
export class InventoryService {
  async reserve(
    manager: EntityManager,
    command: ReserveInventoryPayload,
  ): Promise<Decision<ReserveInventoryReplyResult>> {
    const stock = await lockStock(
      manager,
      command.items.map((item) => item.sku),
    );
    const plan = planReservation(command.items, stock);
    if (!plan.feasible) return declined(plan.code, plan.message);
    await shiftToReserved(manager, plan.items, 1);
    const reservation = manager.create(Reservation, {
      id: randomUUID(),
      orderId: command.orderId,
      status: 'RESERVED',
      items: plan.items,
    });
    await insertAtCommit(manager, Reservation, reservation);
    return succeeded({ reservationId: reservation.id }, [
      domainEvent(StockReservedEvent, linesOf(reservation)),
    ]);
  }

  async release(
    manager: EntityManager,
    command: ReleaseInventoryPayload,
  ): Promise<Decision<ReleaseInventoryReplyResult>> {
    const reservation = await manager.findOneBy(Reservation, { orderId: command.orderId });
    if (!reservation) return succeeded({ status: 'RELEASED' as const });
    if (command.reservationId && command.reservationId !== reservation.id) {
      return refused(
        'RESERVATION_MISMATCH',
        `order ${command.orderId} holds reservation ${reservation.id}, not ${command.reservationId}`,
      );
    }
    const events: OutgoingPayload[] = [];
    if (reservation.status === 'RESERVED') {
      await lockStock(
        manager,
        reservation.items.map((item) => item.sku),
      );
      await shiftToReserved(manager, reservation.items, -1);
      await updateAtCommit(manager, Reservation, { id: reservation.id }, { status: 'RELEASED' });
      events.push(domainEvent(StockReleasedEvent, linesOf(reservation)));
    }
    return succeeded({ reservationId: reservation.id, status: 'RELEASED' as const }, events);
  }

  /** Sets the units free to reserve, creating the sku when it is new; reserved units stay held. */
  async setStock(
    manager: EntityManager,
    command: SetStockPayload,
  ): Promise<{ level: StockLevel; event: OutgoingPayload }> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(StockItem)
      .values({ sku: command.sku, available: command.available, reserved: 0 })
      .orUpdate(['available', 'updated_at'], ['sku'])
      .execute();
    const level = (await this.stock(manager, command.sku)) as StockLevel;
    return { level, event: domainEvent(StockSetEvent, level) };
  }

  async stock(manager: EntityManager, sku: string): Promise<StockLevel | null> {
    const item = await manager.findOneBy(StockItem, { sku });
    return item && { sku: item.sku, available: item.available, reserved: item.reserved };
  }

  async reservationOf(manager: EntityManager, orderId: string): Promise<GetReservationResult | null> {
    const reservation = await manager.findOneBy(Reservation, { orderId });
    return (
      reservation && { reservationId: reservation.id, status: reservation.status, items: reservation.items }
    );
  }
}

function linesOf(reservation: Reservation) {
  return { orderId: reservation.orderId, reservationId: reservation.id, items: reservation.items };
}
