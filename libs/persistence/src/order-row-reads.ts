import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { TransactionOpening } from './batched-transaction';
import { qualifiedTable, quoteIdent } from './sql';
import { inlineStatements } from './statement-batch';
import { transactionSlot } from './transaction-slot';

/** A table of the service with one row per order at most, found by the property holding the order id. */
export interface OrderRow<E extends ObjectLiteral = ObjectLiteral> {
  entity: EntityTarget<E>;
  orderIdProperty: keyof E & string;
}

/** The rows a transaction's BEGIN read, by entity, property and order id. */
const readRows = transactionSlot<Map<string, ObjectLiteral | null>>('rows read with the BEGIN');

/**
 * Reads the order's row of each of `rows` with the transaction's BEGIN (one SELECT each, in the
 * same round trip), for `findOrderRow` to answer from.
 */
export function orderRowsOpening(
  dataSource: DataSource,
  rows: readonly OrderRow[],
  orderId: string,
): TransactionOpening {
  const reads = rows.map((row) => {
    const metadata = dataSource.getMetadata(row.entity);
    const key = metadata.findColumnWithPropertyName(row.orderIdProperty);
    if (!key) throw new Error(`${metadata.name} has no column ${row.orderIdProperty}`);
    const columns = metadata.columns.map((column) => quoteIdent(column.databaseName)).join(', ');
    const table = qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
    return {
      metadata,
      readKey: readKeyOf(metadata.name, row.orderIdProperty, orderId),
      statement: `SELECT ${columns} FROM ${table} WHERE ${quoteIdent(key.databaseName)} = $1 LIMIT 1`,
    };
  });
  return {
    statements: () =>
      inlineStatements(
        reads.map((read) => read.statement),
        [orderId],
      ),
    opened: (manager, results) => {
      const found = readRows.get(manager) ?? new Map<string, ObjectLiteral | null>();
      readRows.set(manager, found);
      reads.forEach((read, index) => {
        const [raw] = results[index] as Record<string, unknown>[];
        if (!raw) return void found.set(read.readKey, null);
        const entity = read.metadata.create() as ObjectLiteral;
        for (const column of read.metadata.columns) {
          column.setEntityValue(
            entity,
            dataSource.driver.prepareHydratedValue(raw[column.databaseName], column),
          );
        }
        found.set(read.readKey, entity);
      });
    },
  };
}

/**
 * `manager.findOneBy(entity, { [orderIdProperty]: orderId })`, answered without a round trip when
 * the transaction's BEGIN read that row (`orderRowsOpening`). The answer is the row as the
 * transaction began: writes sent with the COMMIT are not in it.
 */
export async function findOrderRow<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  orderIdProperty: keyof E & string,
  orderId: string,
): Promise<E | null> {
  const metadata = manager.connection.getMetadata(entity);
  const read = readRows.get(manager)?.get(readKeyOf(metadata.name, orderIdProperty, orderId));
  if (read !== undefined) return read as E | null;
  return manager.findOneBy(entity, { [orderIdProperty]: orderId } as never);
}

function readKeyOf(entityName: string, property: string, orderId: string): string {
  return `${entityName}.${property}=${orderId}`;
}
