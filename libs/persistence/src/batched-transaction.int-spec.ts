import { Connection } from 'pg';
import { EntityManager, EntitySchema } from 'typeorm';
import { runBatchedTransaction, runGroupedTransaction, writeAtCommit } from './batched-transaction';
import { transactionSlot } from './transaction-slot';
import { useEntityDatabase } from '../test/entity-database';
import { insertAtCommit, updateAtCommit } from './entity-writes-at-commit';
import { inlineStatements } from './statement-batch';

interface Note {
  id: string;
  body: string | null;
  tags: string[] | null;
}
const NoteEntity = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'notes',
  columns: {
    id: { type: 'text', primary: true },
    body: { type: 'text', nullable: true },
    tags: { type: 'jsonb', nullable: true },
  },
});

describe('runBatchedTransaction', () => {
  const database = useEntityDatabase(
    'batched_tx',
    [NoteEntity],
    `CREATE TABLE notes (id text PRIMARY KEY, body text, tags jsonb);
     CREATE TABLE entries (unit text NOT NULL)`,
  );

  beforeEach(() => database.dataSource.query('TRUNCATE notes, entries'));

  const noteIds = async () =>
    ((await database.dataSource.query('SELECT id FROM notes ORDER BY id')) as Note[]).map((note) => note.id);
  const opening = (id: string) =>
    inlineStatements(
      ['INSERT INTO notes (id) VALUES ($1) RETURNING id', 'SELECT count(*)::int AS n FROM notes'],
      [id],
    );

  it('gives work the opening rows, and commits the opening, the work and the writes left for the COMMIT together', async () => {
    const result = await runBatchedTransaction(database.dataSource, opening('a'), async (manager, rows) => {
      await manager.query('INSERT INTO notes (id) VALUES ($1)', ['b']);
      await writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1), ($2)', ['c', `it's`]);
      expect(await noteIds()).toEqual([]); // nothing is visible outside before the COMMIT
      return rows;
    });

    expect(result).toEqual([[{ id: 'a' }], [{ n: 1 }]]);
    expect(await noteIds()).toEqual(['a', 'b', 'c', `it's`]);
  });

  it('rolls everything back when work fails, and never sends what was left for the COMMIT', async () => {
    await expect(
      runBatchedTransaction(database.dataSource, opening('a'), async (manager) => {
        await writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['c']);
        await manager.query('INSERT INTO notes (id) VALUES ($1)', ['b']);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');

    expect(await noteIds()).toEqual([]);
  });

  it('rolls everything back when a statement sent with the COMMIT fails', async () => {
    await expect(
      runBatchedTransaction(database.dataSource, opening('a'), async (manager) => {
        await writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['a']);
      }),
    ).rejects.toThrow(/duplicate key/);

    expect(await noteIds()).toEqual([]);
  });

  it('fails cleanly when an opening statement fails, leaving the connection usable', async () => {
    await database.dataSource.query(`INSERT INTO notes (id) VALUES ('a')`);

    await expect(runBatchedTransaction(database.dataSource, opening('a'), async () => 'ran')).rejects.toThrow(
      /duplicate key/,
    );
    await expect(runBatchedTransaction(database.dataSource, opening('b'), async () => 'ran')).resolves.toBe(
      'ran',
    );
    expect(await noteIds()).toEqual(['a', 'b']);
  });

  it('keeps TypeORM inside the transaction: save() and a nested transaction() roll back with it', async () => {
    await expect(
      runBatchedTransaction(database.dataSource, opening('a'), async (manager) => {
        await manager.save(NoteEntity, { id: 'saved' });
        await manager.transaction((nested) => nested.save(NoteEntity, { id: 'nested' }));
        throw new Error('undo all');
      }),
    ).rejects.toThrow('undo all');

    expect(await noteIds()).toEqual([]);
  });

  it('sends entity inserts and updates built by TypeORM with the COMMIT, values intact', async () => {
    await runBatchedTransaction(database.dataSource, opening('a'), async (manager) => {
      await insertAtCommit(manager, NoteEntity, { id: 'b', body: `it's "quoted" \\ $1`, tags: ['x', 'y'] });
      await updateAtCommit(manager, NoteEntity, { id: 'a' }, { body: 'changed' });
      expect(await manager.findOneBy(NoteEntity, { id: 'b' })).toBeNull(); // not sent before the COMMIT
    });

    expect(await database.dataSource.getRepository(NoteEntity).find({ order: { id: 'ASC' } })).toEqual([
      { id: 'a', body: 'changed', tags: null },
      { id: 'b', body: `it's "quoted" \\ $1`, tags: ['x', 'y'] },
    ]);
  });

  it('runs writeAtCommit at once outside a batched transaction', async () => {
    await database.dataSource.transaction((manager) =>
      writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['x']),
    );

    expect(await noteIds()).toEqual(['x']);
  });

  describe('runGroupedTransaction', () => {
    const insertNote = (id: string) =>
      inlineStatements(['INSERT INTO notes (id) VALUES ($1) RETURNING id'], [id]);
    const noWrites = async () => undefined;
    /** Rows with no key of their own, so a unit committed twice shows twice. */
    const entries = async () =>
      ((await database.dataSource.query('SELECT unit FROM entries ORDER BY unit')) as { unit: string }[]).map(
        (entry) => entry.unit,
      );
    const enter = (unit: string) => inlineStatements(['INSERT INTO entries (unit) VALUES ($1)'], [unit]);

    /**
     * What PostgreSQL completed while `run` ran, from the connections' own protocol messages: one
     * command tag per statement (`BEGIN`, `SAVEPOINT`, `INSERT 0 1` …) and one ReadyForQuery per
     * round trip.
     */
    async function completed<T>(run: () => Promise<T>) {
      const emit = jest.spyOn(Connection.prototype, 'emit');
      try {
        const result = await run();
        const events = emit.mock.calls.map(([event, message]) => ({ event, message }));
        return {
          result,
          statements: events
            .filter(({ event }) => event === 'commandComplete')
            .map(({ message }) => (message as { text: string }).text),
          roundTrips: events.filter(({ event }) => event === 'readyForQuery').length,
        };
      } finally {
        emit.mockRestore();
      }
    }

    it('runs units that all succeed with no SAVEPOINT: BEGIN, their statements and COMMIT, in N + 1 round trips', async () => {
      const { result, statements, roundTrips } = await completed(() =>
        runGroupedTransaction(
          database.dataSource,
          ['a', 'b', 'c'].map((id) => ({
            opening: insertNote(id),
            work: async (manager) => {
              await writeAtCommit(manager, 'INSERT INTO entries (unit) VALUES ($1)', [id]);
              return id;
            },
          })),
          async (manager) => writeAtCommit(manager, 'INSERT INTO entries (unit) VALUES ($1)', ['closing']),
        ),
      );

      expect(result).toEqual(['a', 'b', 'c'].map((value) => ({ ok: true, value })));
      // Each unit: its opening's insert, then its insert left for the COMMIT; then the closing's.
      expect(statements).toEqual(['BEGIN', ...Array<string>(7).fill('INSERT 0 1'), 'COMMIT']);
      expect(roundTrips).toBe(4);
      expect(await noteIds()).toEqual(['a', 'b', 'c']);
      expect(await entries()).toEqual(['a', 'b', 'c', 'closing']);
    });

    it('after a unit fails, rolls the whole attempt back and runs the group again in savepoints: the others commit once, the failed unit leaves nothing', async () => {
      const runs = { a: 0, b: 0, c: 0 };
      const { result, statements } = await completed(() =>
        runGroupedTransaction<string>(
          database.dataSource,
          (['a', 'b', 'c'] as const).map((unit) => ({
            opening: enter(`${unit} opened`),
            work: async (manager) => {
              runs[unit] += 1;
              await manager.query('INSERT INTO entries (unit) VALUES ($1)', [unit]);
              await writeAtCommit(manager, 'INSERT INTO entries (unit) VALUES ($1)', [`${unit} at commit`]);
              if (unit === 'b') throw new Error('b failed');
              return unit;
            },
          })),
          async (manager) => writeAtCommit(manager, 'INSERT INTO entries (unit) VALUES ($1)', ['closing']),
        ),
      );

      expect(result).toEqual([
        { ok: true, value: 'a' },
        { ok: false, error: new Error('b failed') },
        { ok: true, value: 'c' },
      ]);
      expect(await entries()).toEqual([
        'a',
        'a at commit',
        'a opened',
        'c',
        'c at commit',
        'c opened',
        'closing',
      ]);
      // The attempt without savepoints stopped at b; a and b ran again in the savepoint group.
      expect(runs).toEqual({ a: 2, b: 2, c: 1 });
      const rollback = statements.indexOf('ROLLBACK');
      expect(statements.slice(0, rollback)).not.toContain('SAVEPOINT');
      expect(statements.slice(rollback).filter((tag) => tag === 'SAVEPOINT')).toHaveLength(3);
      expect(statements.filter((tag) => tag === 'COMMIT')).toHaveLength(1);
    });

    it('lets a later unit on the same row read and change what an earlier one wrote, with or without a failed unit between', async () => {
      const appendTo = (id: string) => (letter: string) => ({
        opening: inlineStatements(['SELECT body FROM notes WHERE id = $1 FOR UPDATE'], [id]),
        work: async (manager: EntityManager, [[row]]: unknown[][]) => {
          await writeAtCommit(manager, 'UPDATE notes SET body = body || $1 WHERE id = $2', [letter, id]);
          if (letter === '!') throw new Error('refused');
          return (row as { body: string }).body;
        },
      });
      await database.dataSource.query(`INSERT INTO notes (id, body) VALUES ('x', ''), ('y', '')`);

      const together = await completed(() =>
        runGroupedTransaction(database.dataSource, ['a', 'b', 'c'].map(appendTo('x')), noWrites),
      );
      const apart = await runGroupedTransaction(
        database.dataSource,
        ['a', '!', 'c'].map(appendTo('y')),
        noWrites,
      );

      expect(together.result).toEqual(['', 'a', 'ab'].map((value) => ({ ok: true, value })));
      expect(together.statements).not.toContain('SAVEPOINT');
      expect(apart).toEqual([
        { ok: true, value: '' },
        { ok: false, error: new Error('refused') },
        { ok: true, value: 'a' },
      ]);
      expect(await database.dataSource.query('SELECT id, body FROM notes ORDER BY id')).toEqual([
        { id: 'x', body: 'abc' },
        { id: 'y', body: 'ac' },
      ]);
    });

    it('commits the units with one COMMIT, and rolls back only a unit whose work threw (a failed statement too)', async () => {
      const outcomes = await runGroupedTransaction<unknown>(
        database.dataSource,
        [
          { opening: insertNote('a'), work: async (_manager, rows) => rows },
          {
            opening: insertNote('b'),
            work: async (manager) => {
              await writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['b2']);
              await manager.query('INSERT INTO notes (id) VALUES ($1)', ['b3']);
              throw new Error('b failed');
            },
          },
          {
            opening: insertNote('c'),
            work: async (manager) => {
              await manager.query('INSERT INTO notes (id) VALUES ($1)', ['a']);
              return 'never';
            },
          },
          { opening: insertNote('d'), work: async () => 'd done' },
        ],
        async (manager) => writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['closing']),
      );

      expect(outcomes).toEqual([
        { ok: true, value: [[{ id: 'a' }]] },
        { ok: false, error: new Error('b failed') },
        { ok: false, error: expect.objectContaining({ message: expect.stringMatching(/duplicate key/) }) },
        { ok: true, value: 'd done' },
      ]);
      expect(await noteIds()).toEqual(['a', 'closing', 'd']);
    });

    it('lets a unit read what the units before it wrote, their writes left for the COMMIT included', async () => {
      const count = () => inlineStatements(['SELECT count(*)::int AS n FROM notes'], []);
      const outcomes = await runGroupedTransaction(
        database.dataSource,
        [
          {
            opening: count(),
            work: (manager) =>
              writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['a']).then(() => 0),
          },
          { opening: count(), work: async (_manager, [[row]]) => (row as { n: number }).n },
        ],
        noWrites,
      );

      expect(outcomes).toEqual([
        { ok: true, value: 0 },
        { ok: true, value: 1 },
      ]);
    });

    it('gives each unit an empty transaction slot', async () => {
      const slot = transactionSlot<string>('a unit value');
      const outcomes = await runGroupedTransaction(
        database.dataSource,
        ['first', 'second'].map((name) => ({
          opening: [],
          work: async (manager) => {
            const before = slot.get(manager);
            slot.set(manager, name);
            return before;
          },
        })),
        noWrites,
      );

      expect(outcomes).toEqual([
        { ok: true, value: undefined },
        { ok: true, value: undefined },
      ]);
    });

    it('rejects and commits nothing when the group fails as a whole, leaving the connection usable', async () => {
      await expect(
        runGroupedTransaction(
          database.dataSource,
          [
            { opening: insertNote('a'), work: async () => 'a' },
            { opening: insertNote('a'), work: async () => 'twice' },
          ],
          noWrites,
        ),
      ).rejects.toThrow(/duplicate key/);
      await expect(
        runGroupedTransaction(
          database.dataSource,
          [{ opening: insertNote('b'), work: async () => 'b' }],
          (manager) => writeAtCommit(manager, 'INSERT INTO notes (id) VALUES ($1)', ['b']),
        ),
      ).rejects.toThrow(/duplicate key/);

      expect(await noteIds()).toEqual([]);
      await runGroupedTransaction(
        database.dataSource,
        [{ opening: insertNote('c'), work: async () => 'c' }],
        noWrites,
      );
      expect(await noteIds()).toEqual(['c']);
    });
  });
});
