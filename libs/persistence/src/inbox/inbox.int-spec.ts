import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TestDatabase, createTestDatabase, pollUntil } from '@test/support';
import { createDataSource } from '../database/create-data-source';
import { createMessagingTables } from '../messaging-tables';
import { recordInbox, withInbox } from './inbox';

const SCHEMA = 'inbox_test';
const CONSUMER = 'payments-authorize';

describe('inbox', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('inbox');
    dataSource = await createDataSource({ url: db.url, schema: SCHEMA }).initialize();
    await createMessagingTables(dataSource, SCHEMA);
    await dataSource.query(
      `CREATE TABLE "${SCHEMA}"."effects" ("message_id" text NOT NULL, "consumer" text NOT NULL)`,
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** The effect of handling a message: one row in the same transaction as the inbox record. */
  const applyEffect = async (
    manager: EntityManager,
    messageId: string,
    consumer = CONSUMER,
  ): Promise<string> => {
    await manager.query(`INSERT INTO "${SCHEMA}"."effects" ("message_id", "consumer") VALUES ($1, $2)`, [
      messageId,
      consumer,
    ]);
    return `applied ${messageId}`;
  };

  const effectsOf = async (messageId: string): Promise<number> => {
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM "${SCHEMA}"."effects" WHERE "message_id" = $1`,
      [messageId],
    );
    return count;
  };

  it('applies a message once and reports the second delivery as a duplicate', async () => {
    const messageId = randomUUID();

    const first = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));
    const second = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));

    expect(first).toEqual({ duplicate: false, result: `applied ${messageId}` });
    expect(second).toEqual({ duplicate: true });
    expect(await effectsOf(messageId)).toBe(1);
  });

  it('applies the effect once when two transactions handle the same message at the same time', async () => {
    const messageId = randomUUID();
    // The winner holds its inbox row until the other transaction is blocked on it.
    const work = async (manager: EntityManager) => {
      await pollUntil(
        () => someoneWaitsOnALock(),
        { timeoutMs: 5_000, intervalMs: 10 },
        'a blocked duplicate',
      );
      return applyEffect(manager, messageId);
    };

    const outcomes = await Promise.all([
      withInbox(dataSource, SCHEMA, CONSUMER, messageId, work),
      withInbox(dataSource, SCHEMA, CONSUMER, messageId, work),
    ]);

    expect(outcomes.map((outcome) => outcome.duplicate).sort()).toEqual([false, true]);
    expect(await effectsOf(messageId)).toBe(1);
  });

  it('forgets the message when its effect fails, so a redelivery applies it', async () => {
    const messageId = randomUUID();

    await expect(
      withInbox(dataSource, SCHEMA, CONSUMER, messageId, async (manager) => {
        await applyEffect(manager, messageId);
        throw new Error('downstream refused');
      }),
    ).rejects.toThrow('downstream refused');
    const retry = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));

    expect(retry.duplicate).toBe(false);
    expect(await effectsOf(messageId)).toBe(1);
  });

  it('applies a message whose id needs quoting once, and reports its redelivery as a duplicate', async () => {
    const messageId = `it's a \\ ${randomUUID()}`;

    const first = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));
    const second = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));

    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    expect(await effectsOf(messageId)).toBe(1);
  });

  it('runs nested transactions of the work inside its own, so they roll back with it', async () => {
    const messageId = randomUUID();

    await expect(
      withInbox(dataSource, SCHEMA, CONSUMER, messageId, async (manager) => {
        await manager.transaction((nested) => applyEffect(nested, messageId));
        throw new Error('downstream refused');
      }),
    ).rejects.toThrow('downstream refused');

    expect(await effectsOf(messageId)).toBe(0);
    const retry = await withInbox(dataSource, SCHEMA, CONSUMER, messageId, (m) => applyEffect(m, messageId));
    expect(retry.duplicate).toBe(false);
  });

  it('keeps message ids apart per consumer', async () => {
    const messageId = randomUUID();

    const outcomes = await dataSource.transaction(async (manager) => [
      await recordInbox(manager, SCHEMA, 'orders-create', messageId),
      await recordInbox(manager, SCHEMA, 'orders-audit', messageId),
      await recordInbox(manager, SCHEMA, 'orders-create', messageId),
    ]);

    expect(outcomes).toEqual([true, true, false]);
  });

  const someoneWaitsOnALock = async (): Promise<boolean> => {
    const [{ waiting }] = await dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return waiting > 0;
  };
});
