import type { EntityManager } from 'typeorm';

/** A value kept for the rest of one transaction, in its query runner's user data (`QueryRunner.data`). */
export interface TransactionSlot<T> {
  /** Undefined outside a transaction that set it. */
  get(manager: EntityManager): T | undefined;
  /** Does nothing for a manager without a query runner (no transaction to keep it for). */
  set(manager: EntityManager, value: T | undefined): void;
}

/** A slot of its own (a fresh symbol), so independent users of a transaction never meet. */
export function transactionSlot<T>(description: string): TransactionSlot<T> {
  const key = Symbol(description);
  const dataOf = (manager: EntityManager) =>
    manager.queryRunner?.data as Record<symbol, T | undefined> | undefined;
  return {
    get: (manager) => dataOf(manager)?.[key],
    set: (manager, value) => {
      const data = dataOf(manager);
      if (data) data[key] = value;
    },
  };
}
