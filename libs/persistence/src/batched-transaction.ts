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

/** One part of a grouped transaction: statements sent with its opening (values inlined), and its work. */
export interface TransactionUnit<T, Row = Record<string, unknown>> {
  opening: string[];
  work: (manager: EntityManager, openingRows: Row[][]) => Promise<T>;
}

/**
 * Runs `units` one after the other in one transaction with one COMMIT; a unit whose work throws
 * is undone alone and its outcome carries the error, the others commit. A unit's writes left for
 * the COMMIT (`writeAtCommit`) are sent with the next unit's opening, before it, so a later unit
 * on the same rows (the same order's ledger, the same stock) reads what an earlier one wrote: N
 * units cost N + 1 round trips. Each unit starts with an empty transaction slot
 * (`transactionSlot`), as in a transaction of its own. `closing` runs after the last unit; its
 * writes travel with the COMMIT.
 *
 * Units almost never fail, so they first run side by side with nothing between them: a SAVEPOINT
 * and its RELEASE per unit would be two statements of every ~10 a command costs, and PostgreSQL's
 * CPU follows statements. When a unit's work throws, that attempt is rolled back whole (nothing
 * of it commits, `closing` has not run) and the group runs again with each unit in a SAVEPOINT of
 * its own, so each unit meets only its own failure. A unit's work may therefore run twice: it must
 * have no effect outside the transaction beyond what it returns (the caller publishes from the
 * outcomes, after the COMMIT).
 *
 * Rejects when the transaction as a whole fails (a statement batch, an error PostgreSQL raised
 * between units, `closing`, the COMMIT): then nothing of any unit committed, and the caller can
 * run each unit again on its own.
 */
export async function runGroupedTransaction<T, Row = Record<string, unknown>>(
  dataSource: DataSource,
  units: readonly TransactionUnit<T, Row>[],
  closing: (manager: EntityManager, outcomes: readonly Settlement<T>[]) => Promise<void>,
): Promise<Settlement<T>[]> {
  try {
    return await runUnits(dataSource, units, closing, false);
  } catch (error) {
    if (!(error instanceof UnitFailed)) throw error;
    return runUnits(dataSource, units, closing, true);
  }
}

/** Why an attempt without savepoints was rolled back: one unit's work threw (`cause`). */
class UnitFailed extends Error {
  constructor(cause: unknown) {
    super('a unit of the group failed', { cause });
  }
}

/**
 * The units one after the other in one transaction. Without savepoints, a unit that throws ends
 * the attempt: it rejects with `UnitFailed` and is rolled back whole. In savepoints, a unit that
 * throws is rolled back to its own alone and its outcome carries the error.
 */
function runUnits<T, Row>(
  dataSource: DataSource,
  units: readonly TransactionUnit<T, Row>[],
  closing: (manager: EntityManager, outcomes: readonly Settlement<T>[]) => Promise<void>,
  inSavepoints: boolean,
): Promise<Settlement<T>[]> {
  return inGroupTransaction(dataSource, async (client, queryRunner) => {
    const outcomes: Settlement<T>[] = [];
    let pending = ['BEGIN'];
    for (const [index, unit] of units.entries()) {
      const savepoint = `unit_${index}`;
      const before = inSavepoints ? [...pending, `SAVEPOINT ${savepoint}`] : pending;
      const batch = [...before, ...unit.opening];
      const rows = batch.length === 0 ? [] : await sendStatements<Row>(client, batch);
      const deferred = startUnit(queryRunner);
      try {
        outcomes.push({ ok: true, value: await unit.work(queryRunner.manager, rows.slice(before.length)) });
        pending = inSavepoints ? [...deferred, `RELEASE SAVEPOINT ${savepoint}`] : deferred;
      } catch (error) {
        if (!inSavepoints) throw new UnitFailed(error);
        outcomes.push({ ok: false, error });
        pending = [`ROLLBACK TO SAVEPOINT ${savepoint}`, `RELEASE SAVEPOINT ${savepoint}`];
      }
    }
    const deferred = startUnit(queryRunner);
    await closing(queryRunner.manager, outcomes);
    await sendStatements(client, [...pending, ...deferred, 'COMMIT']);
    return outcomes;
  });
}

/**
 * Runs `body` on a pooled connection marked as inside a transaction, which `body` opens and
 * commits itself; rolls back whatever `body` left open when it throws.
 */
async function inGroupTransaction<R>(
  dataSource: DataSource,
  body: (client: PoolClient, queryRunner: QueryRunner) => Promise<R>,
): Promise<R> {
  const queryRunner = dataSource.createQueryRunner();
  const client = (await queryRunner.connect()) as PoolClient;
  try {
    markTransactionActive(queryRunner, true);
    return await body(client, queryRunner);
  } catch (error) {
    // Also after a failed batch: the connection must not go back to the pool inside an aborted transaction.
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
