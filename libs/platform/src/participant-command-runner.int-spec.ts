import { randomUUID } from 'node:crypto';
import { Connection } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@app/config';
import type { Envelope } from '@app/contracts';
import type { JetStreamPublisher, StoredMessage } from '@app/messaging';
import { createMessagingTables } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@test/support';
import { BeforeNatsClose } from './nats.module';
import { ParticipantCommandRunner, type ParticipantOutcome } from './participant-command-runner';

const SCHEMA = 'runner_test';
const CONSUMER = 'workshop';
const REPLY = { type: 'workshop.build.reply', subject: 'saga.reply.workshop.build', version: 1 };

describe('ParticipantCommandRunner', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let runner: ParticipantCommandRunner;
  let beforeClose: BeforeNatsClose;
  let published: StoredMessage[];

  beforeAll(async () => {
    db = await createTestDatabase('participant_runner');
    dataSource = await new DataSource({ type: 'postgres', url: db.url, schema: SCHEMA }).initialize();
    await createMessagingTables(dataSource, SCHEMA);
    await dataSource.query(`CREATE TABLE "${SCHEMA}"."effects" ("command" text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(() => {
    published = [];
    const publisher = {
      publishStored: async (batch: readonly StoredMessage[]) => void published.push(...batch),
    } as unknown as JetStreamPublisher;
    beforeClose = new BeforeNatsClose();
    runner = new ParticipantCommandRunner(
      dataSource,
      { schema: SCHEMA } as AppConfig,
      publisher,
      beforeClose,
      [],
    );
  });
  afterEach(() => beforeClose.run());

  const command = (messageId: string = randomUUID()): Envelope<unknown> => ({
    messageId,
    type: 'workshop.build',
    version: 1,
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
    subject: 'saga.cmd.workshop.build',
    payload: {},
  });

  /** Records its effect (a row with no key, so an effect committed twice shows twice), then fails as `fails` says. */
  const build =
    (name: string, fails?: 'handler' | 'statement') =>
    async (manager: EntityManager): Promise<ParticipantOutcome> => {
      await manager.query(`INSERT INTO "${SCHEMA}"."effects" ("command") VALUES ($1)`, [name]);
      if (fails === 'handler') throw new Error(`${name} failed`);
      if (fails === 'statement') await manager.query('SELECT 1 / 0');
      return { reply: { contract: REPLY, payload: { built: name } } };
    };

  const effects = async (names: string[]) =>
    (
      (await dataSource.query(
        `SELECT "command" FROM "${SCHEMA}"."effects" WHERE "command" = ANY($1) ORDER BY "command"`,
        [names],
      )) as { command: string }[]
    ).map((row) => row.command);
  const inboxHas = async (messageIds: string[]) =>
    (
      (await dataSource.query(`SELECT "message_id" FROM "${SCHEMA}"."inbox" WHERE "message_id" = ANY($1)`, [
        messageIds,
      ])) as { message_id: string }[]
    ).map((row) => row.message_id);
  const repliesTo = (messageId: string) =>
    published
      .filter((message) => message.headers['causation-id'] === messageId)
      .map((message) => message.payload);

  /** The command tags PostgreSQL completed while `run` ran, one per statement. */
  async function statementsOf<T>(run: () => Promise<T>) {
    const emit = jest.spyOn(Connection.prototype, 'emit');
    try {
      const result = await run();
      const tags = emit.mock.calls
        .filter(([event]) => event === 'commandComplete')
        .map(([, message]) => (message as { text: string }).text);
      return { result, tags };
    } finally {
      emit.mockRestore();
    }
  }

  /** Submitted in one event-loop turn, as the messages of one pull: they share one transaction. */
  const runTogether = (
    first: Envelope<unknown>,
    work: (manager: EntityManager) => Promise<ParticipantOutcome>,
    rest: [Envelope<unknown>, typeof work][],
  ) =>
    Promise.allSettled([
      runner.run(first, CONSUMER, work),
      ...rest.map(([next, nextWork]) => runner.run(next, CONSUMER, nextWork)),
    ]);

  it('commits the commands that arrived together in one transaction without savepoints, each effect and reply once', async () => {
    const [first, a, b] = [command(), command(), command()];
    const resent = command(a.messageId);

    const { result, tags } = await statementsOf(() =>
      runTogether(first, build(`first ${first.messageId}`), [
        [a, build(`a ${a.messageId}`)],
        [b, build(`b ${b.messageId}`)],
        [resent, build(`a again ${a.messageId}`)],
      ]),
    );

    expect(result).toEqual([
      { status: 'fulfilled', value: { duplicate: false } },
      { status: 'fulfilled', value: { duplicate: false } },
      { status: 'fulfilled', value: { duplicate: false } },
      { status: 'fulfilled', value: { duplicate: true } },
    ]);
    expect(tags.filter((tag) => tag === 'COMMIT')).toHaveLength(1);
    expect(tags).not.toContain('SAVEPOINT');
    expect(tags).not.toContain('ROLLBACK');
    expect(
      await effects([
        `first ${first.messageId}`,
        `a ${a.messageId}`,
        `b ${b.messageId}`,
        `a again ${a.messageId}`,
      ]),
    ).toEqual([`a ${a.messageId}`, `b ${b.messageId}`, `first ${first.messageId}`]);
    for (const { messageId } of [first, a, b]) expect(repliesTo(messageId)).toHaveLength(1);
  });

  it('lets a command that fails in a group meet only its own failure: the others commit and reply once, the failed ones leave nothing', async () => {
    const [first, a, b, c, d] = [command(), command(), command(), command(), command()];
    const name = (letter: string, { messageId }: Envelope<unknown>) => `${letter} ${messageId}`;

    const { result, tags } = await statementsOf(() =>
      runTogether(first, build(name('first', first)), [
        [a, build(name('a', a))],
        [b, build(name('b', b), 'handler')],
        [c, build(name('c', c), 'statement')],
        [d, build(name('d', d))],
      ]),
    );

    expect(result).toEqual([
      { status: 'fulfilled', value: { duplicate: false } },
      { status: 'fulfilled', value: { duplicate: false } },
      { status: 'rejected', reason: new Error(`${name('b', b)} failed`) },
      { status: 'rejected', reason: expect.objectContaining({ message: 'division by zero' }) },
      { status: 'fulfilled', value: { duplicate: false } },
    ]);
    // The group's attempt without savepoints was rolled back at b, then ran again with them.
    const rolledBack = tags.indexOf('ROLLBACK');
    expect(tags.slice(0, rolledBack)).not.toContain('SAVEPOINT');
    expect(tags.slice(rolledBack + 1).filter((tag) => tag === 'SAVEPOINT')).toHaveLength(5);
    expect(tags.filter((tag) => tag === 'COMMIT')).toHaveLength(1);
    expect(
      await effects([first, a, b, c, d].map((run, index) => name(['first', 'a', 'b', 'c', 'd'][index], run))),
    ).toEqual([name('a', a), name('d', d), name('first', first)].sort());
    expect((await inboxHas([first, a, b, c, d].map((run) => run.messageId))).sort()).toEqual(
      [first, a, d].map((run) => run.messageId).sort(),
    );
    for (const run of [first, a, d]) expect(repliesTo(run.messageId)).toHaveLength(1);
    for (const run of [b, c]) expect(repliesTo(run.messageId)).toEqual([]);
  });
});
