import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { inlineStatements, literalText, sendStatements } from './statement-batch';
import { transactionSlot } from './transaction-slot';

/** What a batched transaction sends with its COMMIT; unset in any other transaction. */
const atCommit = transactionSlot<string[]>('statements sent with the COMMIT');

/** Statements sent with a transaction's BEGIN (values inlined), and what to do with their rows. */
export interface TransactionOpening {
  statements: (schema: string) => string[];
  opened: (manager: EntityManager, rows: unknown[][]) => void;
}

/**
 * Runs `work` in one transaction whose BEGIN travels with the `opening` statements and whose
 * COMMIT travels with what `work` left for it (`writeAtCommit`): two round trips fewer than
 * BEGIN … COMMIT sent on their own, which on a short transaction is most of its cost. `work`
 * gets the opening statements' rows and an EntityManager bound to the transaction. An error
 * anywhere rolls everything back; nothing deferred is sent then. The opening statements come
 * with their values inlined already (`inlineStatements`).
 */
export async function runBatchedTransaction<T, Row = Record<string, unknown>>(
  dataSource: DataSource,
  opening: string[],
  work: (manager: EntityManager, openingRows: Row[][]) => Promise<T>,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  const client = (await queryRunner.connect()) as PoolClient;
  try {
    const [, ...openingRows] = await sendStatements<Row>(client, ['BEGIN', ...opening]);
    markTransactionActive(queryRunner, true);
    const deferred: string[] = [];
    atCommit.set(queryRunner.manager, deferred);
    const result = await work(queryRunner.manager, openingRows);
    await sendStatements(client, [...deferred, 'COMMIT']);
    return result;
  } catch (error) {
    // Also after a failed opening or closing batch: PostgreSQL ran its BEGIN, and the connection
    // must not go back to the pool inside the aborted transaction.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    markTransactionActive(queryRunner, false);
    atCommit.set(queryRunner.manager, undefined);
    await queryRunner.release();
  }
}

/**
 * Runs a write in `manager`'s transaction: sent with the COMMIT inside `runBatchedTransaction`
 * (its result is not needed before then), at once anywhere else.
 */
export async function writeAtCommit(
  manager: EntityManager,
  statement: string,
  values: unknown[],
): Promise<void> {
  const deferred = atCommit.get(manager);
  if (deferred) deferred.push(...inlineStatements([statement], values.map(literalText)));
  else await manager.query(statement, values);
}

/**
 * What TypeORM's own startTransaction() / commitTransaction() set on the query runner for a
 * transaction of depth 1. With them set, TypeORM runs its calls inside this transaction: a
 * save() starts none of its own, a nested manager.transaction() becomes a SAVEPOINT. The
 * QueryRunner interface shows the flag read-only and the depth is protected, so a test
 * (batched-transaction.int-spec) holds TypeORM to this behaviour on every upgrade.
 */
function markTransactionActive(queryRunner: QueryRunner, active: boolean): void {
  Object.assign(queryRunner, { isTransactionActive: active, transactionDepth: active ? 1 : 0 });
}
