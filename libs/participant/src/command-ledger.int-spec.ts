import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { FailureCodes } from '@app/contracts';
import { createDataSource, runBatchedTransaction } from '@app/persistence';
import { TestDatabase, createTestDatabase, pollUntil } from '@test/support';
import { CommandLedger, ledgerOpening, rememberLedgerOpening } from './command-ledger';
import { Decision, refused, succeeded } from './decision';
import { ProcessedCommand } from './processed-command.entity';
import { createProcessedCommandsTable } from './processed-commands.table';

const SCHEMA = 'ledger_test';
const RESERVE = 'test.reserve';
const RELEASE = 'test.release';
const ADVISORY_LOCKS_HERE = `SELECT count(*)::int AS count FROM pg_locks
  WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

describe('CommandLedger (PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const ledger = new CommandLedger();

  beforeAll(async () => {
    db = await createTestDatabase('ledger');
    dataSource = await createDataSource({
      url: db.url,
      schema: SCHEMA,
      entities: [ProcessedCommand],
    }).initialize();
    await dataSource.query(`CREATE SCHEMA "${SCHEMA}"`);
    const queryRunner = dataSource.createQueryRunner();
    await createProcessedCommandsTable(queryRunner, SCHEMA);
    await queryRunner.release();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** A decision function that counts its calls. */
  const decider = (decision: () => Decision<{ n: number }>) => {
    const calls = { count: 0 };
    const decide = async () => {
      calls.count += 1;
      return decision();
    };
    return { calls, decide };
  };

  /**
   * The ledger runs in either kind of transaction: a plain one, where it takes the order's lock
   * and reads its entries itself, or one whose BEGIN did both (how answerCommand runs it).
   */
  const transactions = {
    plain: <T>(_orderId: string, work: (manager: EntityManager) => Promise<T>) =>
      dataSource.transaction(work),
    'opened with the ledger': <T>(orderId: string, work: (manager: EntityManager) => Promise<T>) =>
      runBatchedTransaction(dataSource, ledgerOpening(SCHEMA, orderId), (manager, rows) => {
        rememberLedgerOpening(manager, orderId, rows);
        return work(manager);
      }),
  };
  let inTransaction: (typeof transactions)['plain'];

  const command = (orderId: string, decide: () => Promise<Decision<{ n: number }>>) =>
    inTransaction(orderId, (manager) =>
      ledger.command(manager, { businessKey: orderId, action: RESERVE }, decide),
    );
  const compensation = (orderId: string, decide: () => Promise<Decision<{ n: number }>>) =>
    inTransaction(orderId, (manager) =>
      ledger.compensation(manager, { businessKey: orderId, action: RELEASE, compensates: RESERVE }, decide),
    );
  const entriesOf = (orderId: string) =>
    dataSource.getRepository(ProcessedCommand).find({
      where: { businessKey: orderId },
      order: { action: 'ASC' },
      select: { action: true, state: true, reply: true },
    });

  describe.each(Object.keys(transactions) as (keyof typeof transactions)[])('in a %s transaction', (kind) => {
    beforeAll(() => {
      inTransaction = transactions[kind];
    });

    it('decides a command once and replays its reply, without events, to a resend', async () => {
      const orderId = randomUUID();
      const { calls, decide } = decider(() => succeeded({ n: 1 }, []));

      const first = await command(orderId, decide);
      const resend = await command(orderId, decide);

      expect(calls.count).toBe(1);
      expect(resend).toEqual({ reply: first.reply, events: [], remember: false });
      expect(await entriesOf(orderId)).toEqual([{ action: RESERVE, state: 'DONE', reply: first.reply }]);
    });

    it('judges a refused command afresh on a resend, leaving nothing behind', async () => {
      const orderId = randomUUID();
      const { calls, decide } = decider(() => refused('NOT_YET', 'try again'));

      await command(orderId, decide);
      await command(orderId, decide);

      expect(calls.count).toBe(2);
      expect(await entriesOf(orderId)).toEqual([]);
    });

    it('leaves a tombstone for a compensation that overtakes its command, and refuses the late original', async () => {
      const orderId = randomUUID();
      const undo = decider(() => succeeded({ n: 0 }));
      const original = decider(() => succeeded({ n: 1 }));

      await compensation(orderId, undo.decide);
      const late = await command(orderId, original.decide);

      expect(original.calls.count).toBe(0);
      expect(late.reply).toMatchObject({
        outcome: 'BUSINESS_FAILURE',
        error: { code: FailureCodes.ALREADY_COMPENSATED },
      });
      expect(await entriesOf(orderId)).toEqual([
        { action: RELEASE, state: 'DONE', reply: { outcome: 'SUCCESS', result: { n: 0 } } },
        { action: RESERVE, state: 'TOMBSTONE', reply: null },
      ]);
    });

    it('keeps the tombstone even when the compensation itself is refused', async () => {
      const orderId = randomUUID();

      await compensation(orderId, async () => refused('MISMATCH', 'not this one'));

      expect(await entriesOf(orderId)).toEqual([{ action: RESERVE, state: 'TOMBSTONE', reply: null }]);
    });

    it('leaves no tombstone after the original, and replays a repeated compensation', async () => {
      const orderId = randomUUID();
      const undo = decider(() => succeeded({ n: 0 }));
      await command(orderId, async () => succeeded({ n: 1 }));

      const first = await compensation(orderId, undo.decide);
      const again = await compensation(orderId, undo.decide);

      expect(undo.calls.count).toBe(1);
      expect(again.reply).toEqual(first.reply);
      expect((await entriesOf(orderId)).map(({ action, state }) => [action, state])).toEqual([
        [RELEASE, 'DONE'],
        [RESERVE, 'DONE'],
      ]);
    });

    it('rolls the tombstone back with a compensation that fails', async () => {
      const orderId = randomUUID();

      await expect(
        compensation(orderId, async () => {
          throw new Error('database hiccup');
        }),
      ).rejects.toThrow('database hiccup');

      expect(await entriesOf(orderId)).toEqual([]);
    });

    describe('at the same time (the second waits on the order lock)', () => {
      /** Holds the first decision until another transaction is blocked on the order's advisory lock. */
      const onceSomeoneWaits =
        (decision: () => Decision<{ n: number }> | Promise<Decision<{ n: number }>>) => async () => {
          await pollUntil(
            async () => {
              const [{ count: waiting }] = await dataSource.query(`${ADVISORY_LOCKS_HERE} AND NOT granted`);
              return waiting > 0;
            },
            { timeoutMs: 5_000, intervalMs: 10 },
            'a transaction waiting on the order lock',
          );
          return decision();
        };

      it('decides a command once when its resend arrives meanwhile: the resend sees the committed entry', async () => {
        const orderId = randomUUID();
        const slow = decider(() => succeeded({ n: 1 }));
        const fast = decider(() => succeeded({ n: 2 }));

        const first = command(orderId, onceSomeoneWaits(slow.decide));
        await pollUntil(lockHeld, {}, 'the command holding the lock');
        const [original, resend] = await Promise.all([first, command(orderId, fast.decide)]);

        expect(fast.calls.count).toBe(0);
        expect(resend.reply).toEqual(original.reply);
      });

      it('lets a compensation that waited on its command see it, so no tombstone is left', async () => {
        const orderId = randomUUID();
        const undo = decider(() => succeeded({ n: 0 }));

        const first = command(
          orderId,
          onceSomeoneWaits(() => succeeded({ n: 1 })),
        );
        await pollUntil(lockHeld, {}, 'the command holding the lock');
        await Promise.all([first, compensation(orderId, undo.decide)]);

        expect(undo.calls.count).toBe(1);
        expect((await entriesOf(orderId)).map(({ action, state }) => [action, state])).toEqual([
          [RELEASE, 'DONE'],
          [RESERVE, 'DONE'],
        ]);
      });

      const lockHeld = async (): Promise<boolean> => {
        const [{ count: held }] = await dataSource.query(`${ADVISORY_LOCKS_HERE} AND granted`);
        return held > 0;
      };
    });
  });

  it('uses the lock and entries its transaction’s BEGIN took, with no round trip of its own', async () => {
    const orderId = randomUUID();
    await transactions.plain(orderId, (manager) =>
      ledger.compensation(
        manager,
        { businessKey: orderId, action: RELEASE, compensates: RESERVE },
        async () => succeeded({ n: 0 }),
      ),
    );
    const { calls, decide } = decider(() => succeeded({ n: 1 }));

    const late = await transactions['opened with the ledger'](orderId, async (manager) => {
      const queryRunner = manager.queryRunner!;
      queryRunner.query = () => Promise.reject(new Error('the ledger sent a statement of its own'));
      queryRunner.connect = () => Promise.reject(new Error('the ledger sent a statement of its own'));
      return ledger.command(manager, { businessKey: orderId, action: RESERVE }, decide);
    });

    expect(calls.count).toBe(0);
    expect(late.reply).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: FailureCodes.ALREADY_COMPENSATED },
    });
  });
});
