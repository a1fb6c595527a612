import type { EntityManager } from 'typeorm';
import type { OrderItem, OrderStatus, SkuQuantity } from '@app/contracts';
import type { ReturnStatus } from '@app/order-return';
import { qualifiedTable, runStatementBatch } from '@app/persistence';
import { Order } from '../order.entity';
import { OrderReturn } from './order-return.entity';
import type { RecordedReturn } from './recorded-return';
import type { OrderToReturn } from './request-return.decision';

interface OrderRow {
  status: OrderStatus;
  items: OrderItem[];
}

interface ReturnRow {
  return_id: string;
  order_id: string;
  status: ReturnStatus;
  reason: string;
  items: SkuQuantity[];
  refund_cents: string;
  reject_code: string | null;
  reject_reason: string | null;
}

const RETURN_COLUMNS = `"return_id", "order_id", "status", "reason", "items", "refund_cents", "reject_code", "reject_reason"`;

/**
 * Locks the order's row (FOR UPDATE) and reads every return recorded for it, plus the return
 * `returnId` wherever it is recorded, in one round trip. The returns are read after the lock is
 * granted (each statement of the batch takes its own snapshot), so a concurrent return of the same
 * order has committed by then and its quantities are counted: two returns never exceed the order.
 */
export async function lockOrderWithReturns(
  manager: EntityManager,
  orderId: string,
  returnId: string,
): Promise<{ order: OrderToReturn | null; returns: RecordedReturn[] }> {
  const [[order], returns] = await runStatementBatch<OrderRow & ReturnRow>(
    manager,
    [
      `SELECT "status", "items" FROM ${tableOf(manager, Order)} WHERE "id" = $1 FOR UPDATE`,
      `SELECT ${RETURN_COLUMNS} FROM ${tableOf(manager, OrderReturn)} WHERE "order_id" = $1 OR "return_id" = $2`,
    ],
    [orderId, returnId],
  );
  return {
    order: order ? { status: order.status, items: order.items } : null,
    returns: returns.map(recordedReturnOf),
  };
}

/** The return `returnId` of the order `orderId`; null when that order has no such return. */
export async function findRecordedReturn(
  manager: EntityManager,
  orderId: string,
  returnId: string,
): Promise<RecordedReturn | null> {
  const [row] = (await manager.query(
    `SELECT ${RETURN_COLUMNS} FROM ${tableOf(manager, OrderReturn)} WHERE "return_id" = $1 AND "order_id" = $2`,
    [returnId, orderId],
  )) as ReturnRow[];
  return row ? recordedReturnOf(row) : null;
}

function recordedReturnOf(row: ReturnRow): RecordedReturn {
  return {
    returnId: row.return_id,
    orderId: row.order_id,
    status: row.status,
    reason: row.reason,
    items: row.items,
    refundCents: Number(row.refund_cents),
    rejectCode: row.reject_code,
    rejectReason: row.reject_reason,
  };
}

function tableOf(manager: EntityManager, entity: typeof Order | typeof OrderReturn): string {
  const metadata = manager.connection.getMetadata(entity);
  return qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
}
