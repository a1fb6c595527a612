import { Pool } from 'pg';
import type { OutboxRecord } from '@app/persistence';
import type { SagaChange, StoredSaga } from '@app/saga-core';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../../test/orchestrator-database';
import { replyChange, startChange } from '../../../test/saga-changes';
import { pgSql } from '../saga-sql';
import { PgSagaStore } from './pg-saga-store';
import { savedSaga } from './saved-saga';

describe('savedSaga', () => {
  let database: OrchestratorDatabase;
  let pool: Pool;
  let store: PgSagaStore;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_saved_saga');
    pool = new Pool({ connectionString: database.db.url, max: 2 });
    store = new PgSagaStore(pgSql(pool));
  });

  afterAll(async () => {
    await pool.end();
    await database.close();
  });

  /** Saves the change, then reads the saga back: what savedSaga must have told without reading. */
  async function saveAndLoad(change: SagaChange<OutboxRecord>): Promise<StoredSaga> {
    const saved = await store.save([change]);
    expect(saved.get(change.after.sagaId)).toBe('written');
    const loaded = (await store.load([change.after.sagaId])).sagas.get(change.after.sagaId);
    expect(loaded).toBeDefined();
    return loaded!;
  }

  /** Equal, and equal as JSON text too: the same keys in the same order at every depth. */
  function expectSameAsLoaded(told: StoredSaga | undefined, loaded: StoredSaga): void {
    expect(told).toEqual(loaded);
    expect(JSON.stringify(told)).toBe(JSON.stringify(loaded));
  }

  it('tells a new saga as a load returns it, with or without an idempotency key', async () => {
    const plain = startChange();
    expectSameAsLoaded(savedSaga(plain), await saveAndLoad(plain));

    const keyed = startChange({
      idempotencyKey: `key-${plain.after.sagaId}`,
      idempotencyKeyAt: new Date('2030-01-01T00:00:00.123Z'),
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expectSameAsLoaded(savedSaga(keyed), await saveAndLoad(keyed));
  });

  it('cannot tell a new saga whose key takes the time from the database', () => {
    expect(savedSaga(startChange({ idempotencyKey: 'k', idempotencyKeyAt: undefined }))).toBeUndefined();
  });

  it('tells a saga after an update, and after an update of a saga it told', async () => {
    const start = startChange();
    const loaded = await saveAndLoad(start);
    const reply = replyChange(loaded);
    const afterReply = await saveAndLoad(reply);
    const told = savedSaga(reply);
    expectSameAsLoaded(told, afterReply);
    expect(told!.revision).toBe(loaded.revision + 1);

    // Decided on the saga as told rather than as loaded (here a repeated reply: timeline only),
    // the next change is written and told alike.
    const next = replyChange(told!);
    expectSameAsLoaded(savedSaga(next), await saveAndLoad(next));
  });

  it('tells JSON columns as jsonb gives them back: key order, left-out values, dates, nulls', async () => {
    const loaded = await saveAndLoad(startChange());
    const reply = replyChange(loaded);
    const data = {
      zeta: 1,
      b: { long_key: [1, { y: undefined, x: new Date('2030-01-01T00:00:00.000Z') }], a: null },
      é: 'two bytes',
      e: 'one byte',
      10: 'ten',
      2: 'two',
      dropped: undefined,
      nested: [[{ bb: 2, a: 1 }]],
    };
    const steps = reply.after.steps.map((step, i) =>
      i === 0
        ? { ...step, error: { message: 'm', code: 'C' }, compensationInput: { z: 1, a: [undefined, 2] } }
        : step,
    );
    const change = { ...reply, after: { ...reply.after, data, steps } };
    const afterWrite = await saveAndLoad(change);
    expectSameAsLoaded(savedSaga(change), afterWrite);
    expect(Object.keys(afterWrite.instance.data as object)).toEqual([
      '2',
      '10',
      'b',
      'e',
      'é',
      'zeta',
      'nested',
    ]);
  });
});
