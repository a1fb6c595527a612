import { randomUUID } from 'node:crypto';
import type { OutboxRecord } from '@app/persistence';
import type { SagaChange } from '@app/saga-core';
import { OrchestratorDatabase, openOrchestratorDatabase } from '../../../test/orchestrator-database';
import { replyChange, startChange } from '../../../test/saga-changes';
import { typeormSql } from '../saga-sql';
import { PgSagaStore } from '../store/pg-saga-store';
import { SagaQueries } from './saga-queries';

describe('SagaQueries', () => {
  let database: OrchestratorDatabase;

  beforeAll(async () => {
    database = await openOrchestratorDatabase('orchestrator_saga_queries');
  });

  afterAll(async () => {
    await database.close();
  });

  const store = () => new PgSagaStore(typeormSql(database.dataSource));
  const queries = () => new SagaQueries(typeormSql(database.dataSource));

  it('reads a saga’s timeline, oldest entry first', async () => {
    const start = startChange();
    const id = start.after.sagaId;
    await store().save([start]);
    const reply = replyChange((await store().load([id])).sagas.get(id)!);
    await store().save([reply]);

    const timeline = await queries().timeline(id);

    expect(timeline.map(({ seq, kind, step }) => ({ seq, kind, step }))).toEqual([
      { seq: 1, kind: 'saga-started', step: null },
      { seq: 2, kind: 'command-sent', step: 'create-order' },
      { seq: 3, kind: 'reply-received', step: 'create-order' },
      { seq: 4, kind: 'command-sent', step: 'reserve-inventory' },
    ]);
    expect(timeline[0].at).toEqual(new Date(start.timeline[0].at));
    expect(await queries().timeline(randomUUID())).toEqual([]);
  });

  it('finds the newest saga of a type started for a business key', async () => {
    const orderId = randomUUID();
    const older = startChange({ businessKey: orderId });
    await store().save([older]);
    const newer = startChange({ businessKey: orderId });
    await store().save([newer]);

    await expect(queries().summaryByBusinessKey('order-fulfillment', orderId)).resolves.toEqual({
      sagaId: newer.after.sagaId,
      status: 'RUNNING',
      currentStep: 'create-order',
    });
    await expect(queries().summaryByBusinessKey('order-fulfillment', randomUUID())).resolves.toBeUndefined();
  });

  it('never answers with a saga of another type under the same business key, however new', async () => {
    const key = `RET-${randomUUID()}`;
    const fulfillment = startChange({ businessKey: key });
    await store().save([fulfillment]);
    await store().save([ofType('order-return', startChange({ businessKey: key }))]);

    await expect(queries().summaryByBusinessKey('order-fulfillment', key)).resolves.toMatchObject({
      sagaId: fulfillment.after.sagaId,
    });
    await expect(queries().summaryByBusinessKey('order-payout', key)).resolves.toBeUndefined();
  });
});

/** `change` as if its saga were of another type (the store keeps the type as it is given). */
function ofType(type: string, change: SagaChange<OutboxRecord>): SagaChange<OutboxRecord> {
  return {
    ...change,
    before: { ...change.before, instance: { ...change.before.instance, type } },
    after: { ...change.after, type },
  };
}
