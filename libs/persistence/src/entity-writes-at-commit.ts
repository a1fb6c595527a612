import {
  type EntityManager,
  type EntityTarget,
  FindOperator,
  type FindOptionsWhere,
  type ObjectLiteral,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { writeAtCommit } from './batched-transaction';
import { qualifiedTable, quoteIdent } from './sql';

/**
 * `manager.insert(entity, values)` whose result nobody reads, sent with the COMMIT inside
 * `runBatchedTransaction`. The statement is written from the entity's metadata (column names,
 * values as TypeORM would persist them) rather than by TypeORM's query builder, which costs
 * far more than the write itself on a command's hot path. Columns left out get their default.
 */
export async function insertAtCommit<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  values: QueryDeepPartialEntity<E>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const columns = givenColumns(metadata.columns, values);
  const names = columns.map((column) => quoteIdent(column.databaseName)).join(', ');
  const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
  await writeAtCommit(
    manager,
    `INSERT INTO ${tableOf(metadata)} (${names}) VALUES (${placeholders})`,
    columns.map((column) => persisted(manager, column, values)),
  );
}

/**
 * `manager.update(entity, where, set)` whose result nobody reads, sent with the COMMIT (see
 * `insertAtCommit`); `where` compares columns for equality. The update-date column is set to
 * now, as TypeORM's update does.
 */
export async function updateAtCommit<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: FindOptionsWhere<E>,
  set: QueryDeepPartialEntity<E>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const setColumns = givenColumns(metadata.columns, set);
  const whereColumns = givenColumns(metadata.columns, where);
  if (whereColumns.length === 0) throw new Error(`updateAtCommit on ${metadata.name} without a condition`);
  const assignments = setColumns.map((column, index) => `${quoteIdent(column.databaseName)} = $${index + 1}`);
  const touched = metadata.updateDateColumn;
  if (touched && !setColumns.includes(touched)) {
    assignments.push(`${quoteIdent(touched.databaseName)} = CURRENT_TIMESTAMP`);
  }
  const conditions = whereColumns.map(
    (column, index) => `${quoteIdent(column.databaseName)} = $${setColumns.length + index + 1}`,
  );
  await writeAtCommit(
    manager,
    `UPDATE ${tableOf(metadata)} SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')}`,
    [
      ...setColumns.map((column) => persisted(manager, column, set)),
      ...whereColumns.map((column) => persisted(manager, column, where)),
    ],
  );
}

function givenColumns(columns: readonly ColumnMetadata[], values: ObjectLiteral): ColumnMetadata[] {
  return columns.filter((column) => {
    const value: unknown = column.getEntityValue(values);
    if (value instanceof FindOperator) {
      throw new Error(`only plain values are written at commit, not ${value.type} on ${column.propertyName}`);
    }
    return value !== undefined;
  });
}

/** The value as TypeORM would send it (e.g. jsonb as its JSON text). */
function persisted(manager: EntityManager, column: ColumnMetadata, values: ObjectLiteral): unknown {
  return manager.connection.driver.preparePersistentValue(column.getEntityValue(values), column);
}

function tableOf(metadata: { schema?: string; tableName: string }): string {
  return qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
}
