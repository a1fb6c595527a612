import type { EntityManager } from 'typeorm';
import { transactionSlot } from './transaction-slot';

const managerInTransaction = () => ({ queryRunner: { data: {} } }) as unknown as EntityManager;

describe('transactionSlot', () => {
  it('keeps a value per transaction, each slot apart even under the same description', () => {
    const first = transactionSlot<number>('n');
    const second = transactionSlot<number>('n');
    const [a, b] = [managerInTransaction(), managerInTransaction()];

    first.set(a, 1);
    second.set(a, 2);

    expect([first.get(a), second.get(a), first.get(b)]).toEqual([1, 2, undefined]);
    first.set(a, undefined);
    expect(first.get(a)).toBeUndefined();
  });

  it('keeps nothing for a manager without a query runner', () => {
    const slot = transactionSlot<string>('s');
    const bare = {} as EntityManager;

    slot.set(bare, 'x');

    expect(slot.get(bare)).toBeUndefined();
  });
});
