import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { writeAtCommit } from './batched-transaction';

/**
 * `manager.insert(entity, values)` whose result nobody reads: TypeORM builds the statement (column
 * names, value conversion) and it travels with the COMMIT inside `runBatchedTransaction`.
 */
export async function insertAtCommit<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  values: QueryDeepPartialEntity<E>,
): Promise<void> {
  const [sql, parameters] = manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(values)
    .updateEntity(false)
    .getQueryAndParameters();
  await writeAtCommit(manager, sql, parameters);
}

/** `manager.update(entity, where, set)` whose result nobody reads, sent with the COMMIT (see `insertAtCommit`). */
export async function updateAtCommit<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: FindOptionsWhere<E>,
  set: QueryDeepPartialEntity<E>,
): Promise<void> {
  const [sql, parameters] = manager
    .createQueryBuilder()
    .update(entity)
    .set(set)
    .where(where)
    .updateEntity(false)
    .getQueryAndParameters();
  await writeAtCommit(manager, sql, parameters);
}
