import type { PoolClient } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { inlineStatements, literalText, sendStatements } from './statement-batch';
import type { Settlement } from './batched-transaction-queue';
import { transactionSlot } from './transaction-slot';

export * from './batched-transaction-queue';

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

/** One part of a grouped transaction: statements sent after its SAVEPOINT (values inlined), and its work. */
export interface TransactionUnit<T, Row = Record<string, unknown>> {
  opening: string[];
  work: (manager: EntityManager, openingRows: Row[][]) => Promise<T>;
}

/**
 * Runs `units` one after the other in one transaction with one COMMIT, each in a SAVEPOINT of its
 * own: a unit whose work throws is rolled back to its savepoint alone and its outcome carries the
 * error, the others commit. A unit's writes left for the COMMIT (`writeAtCommit`) are sent with the
 * next unit's SAVEPOINT and opening, before them, so a later unit on the same rows (the same
 * order's ledger, the same stock) reads what an earlier one wrote: N units cost N + 1 round trips.
 * Each unit starts with an empty transaction slot (`transactionSlot`), as in a transaction of its
 * own. `closing` runs after the last unit; its writes travel with the COMMIT.
 *
 * Rejects when the transaction as a whole fails (a statement batch, an error PostgreSQL raised
 * between units, the COMMIT): then nothing of any unit committed, and the caller can run each
 * unit again on its own.
 */
export async function runGroupedTransaction<T, Row = Record<string, unknown>>(
  dataSource: DataSource,
  units: readonly TransactionUnit<T, Row>[],
  closing: (manager: EntityManager, outcomes: readonly Settlement<T>[]) => Promise<void>,
): Promise<Settlement<T>[]> {
  const queryRunner = dataSource.createQueryRunner();
  const client = (await queryRunner.connect()) as PoolClient;
  const outcomes: Settlement<T>[] = [];
  try {
    let pending = ['BEGIN'];
    markTransactionActive(queryRunner, true);
    for (const [index, unit] of units.entries()) {
      const savepoint = `unit_${index}`;
      const rows = await sendStatements<Row>(client, [...pending, `SAVEPOINT ${savepoint}`, ...unit.opening]);
      const deferred = startUnit(queryRunner);
      try {
        outcomes.push({
          ok: true,
          value: await unit.work(queryRunner.manager, rows.slice(pending.length + 1)),
        });
        pending = [...deferred, `RELEASE SAVEPOINT ${savepoint}`];
      } catch (error) {
        outcomes.push({ ok: false, error });
        pending = [`ROLLBACK TO SAVEPOINT ${savepoint}`, `RELEASE SAVEPOINT ${savepoint}`];
      }
    }
    const deferred = startUnit(queryRunner);
    await closing(queryRunner.manager, outcomes);
    await sendStatements(client, [...pending, ...deferred, 'COMMIT']);
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    markTransactionActive(queryRunner, false);
    queryRunner.data = {};
    await queryRunner.release();
  }
}

/** A fresh transaction slot for the next unit, with its list of writes left for the COMMIT. */
function startUnit(queryRunner: QueryRunner): string[] {
  queryRunner.data = {};
  const deferred: string[] = [];
  atCommit.set(queryRunner.manager, deferred);
  return deferred;
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
