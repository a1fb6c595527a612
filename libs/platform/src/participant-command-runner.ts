import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { Envelope, MessageContract } from '@app/contracts';
import { PlatformMetrics, getMetrics } from '@app/observability';
import { JetStreamPublisher, afterAcknowledgement, storedMessage } from '@app/messaging';
import {
  GroupCommitQueue,
  type OrderRow,
  OutboxFastPath,
  type OutboxRecord,
  type Settlement,
  type TransactionOpening,
  type TransactionUnit,
  enqueueOutbox,
  inboxOpening,
  orderRowsOpening,
  runGroupedTransaction,
  settlementOf,
  withInbox,
} from '@app/persistence';
import { BeforeNatsClose } from './nats.module';

export interface OutgoingPayload<P extends object = object> {
  contract: MessageContract<P>;
  payload: P;
}

/** The service's tables read by order id in its commands, fetched with every command's BEGIN (`findOrderRow`). */
export const ORDER_ROWS = Symbol('ORDER_ROWS');

/** Where a message goes and as what: enough to store and publish it. */
export type MessageAddress = Pick<MessageContract, 'type' | 'subject' | 'version'>;

export interface ParticipantOutcome {
  reply: { contract: MessageAddress; payload: object };
  events?: OutgoingPayload[];
}

/** The most commands one transaction takes (the consumer's handler slots bound it first). */
const MAX_COMMANDS_PER_TRANSACTION = 32;

/** One `run` call waiting for its transaction. */
interface CommandRun {
  command: Envelope<unknown>;
  consumer: string;
  work: (manager: EntityManager) => Promise<ParticipantOutcome>;
  openings: TransactionOpening[];
}

interface CommandResult {
  duplicate: boolean;
  /** The reply and events the command's transaction committed, to publish. */
  committed: OutboxRecord[];
}

/**
 * The participant side of "nothing lost, nothing done twice": the inbox record, the domain
 * change, the reply and the domain events commit in one transaction; a message id seen before
 * is skipped without effect (its reply is already in the outbox or on the stream). The reply and
 * events are published right after the commit (OutboxFastPath); the outbox relay is the safety
 * net for any that were not.
 *
 * Commands commit in groups (`GroupCommitQueue`): the commands of one pull, arriving in one
 * event-loop turn while no transaction runs, start one together; those arriving meanwhile share
 * the next one (`runGroupedTransaction`). A group
 * first runs with nothing between its commands, as they almost never fail; when one throws (its
 * handler, a NO_REPLY decision, a statement), that attempt is rolled back and the group runs again
 * with each command in a SAVEPOINT of its own, so the command is undone alone and only its caller
 * sees the error. A command's work may thus run twice, which is safe because nothing leaves the
 * transaction before its COMMIT: the reply and events are published from the committed outcomes.
 * If the group's transaction fails as a whole, each of its commands is run again in a transaction
 * of its own.
 */
@Injectable()
export class ParticipantCommandRunner {
  private readonly schema: string;
  private readonly fastPath: OutboxFastPath;
  private readonly commits = new GroupCommitQueue<CommandRun, CommandResult>(
    (runs) => this.runGroup(runs),
    MAX_COMMANDS_PER_TRANSACTION,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    publisher: JetStreamPublisher,
    beforeClose: BeforeNatsClose,
    @Inject(ORDER_ROWS) private readonly orderRows: readonly OrderRow[],
  ) {
    this.schema = config.schema as string;
    this.fastPath = new OutboxFastPath({
      query: (text, values) => dataSource.query(text, values),
      schema: this.schema,
      publish: (batch) => publisher.publishStored(batch),
      logger: new Logger(ParticipantCommandRunner.name),
      startPublish: afterAcknowledgement,
    });
    beforeClose.add(() => this.fastPath.stop());
  }

  /**
   * `openings`: statements sent with the BEGIN after the inbox insert; their rows reach each
   * opening's `opened` before `work` runs. The service's order rows (`ORDER_ROWS`) are read there too.
   */
  async run(
    command: Envelope<unknown>,
    consumer: string,
    work: (manager: EntityManager) => Promise<ParticipantOutcome>,
    openings: TransactionOpening[] = [],
  ): Promise<{ duplicate: boolean }> {
    const orderId = orderIdOf(command);
    const all =
      orderId === undefined || this.orderRows.length === 0
        ? openings
        : [...openings, orderRowsOpening(this.dataSource, this.orderRows, orderId)];
    const { duplicate, committed } = await this.commits.submit({ command, consumer, work, openings: all });
    // In the caller's own context: the publish leaves with the acknowledgement of its message.
    if (!duplicate) await this.fastPath.publishCommitted(committed);
    return { duplicate };
  }

  private async runGroup(runs: CommandRun[]): Promise<Settlement<CommandResult>[]> {
    getMetrics().histogram(PlatformMetrics.participantBatchSize).observe({}, runs.length);
    if (runs.length === 1) return [await settlementOf(this.runAlone(runs[0]))];
    try {
      return await runGroupedTransaction(
        this.dataSource,
        runs.map((run) => this.unitOf(run)),
        async (manager, outcomes) => {
          const committed = outcomes.flatMap((outcome) => (outcome.ok ? outcome.value.committed : []));
          await enqueueOutbox(manager, this.schema, committed, { notify: false });
          await this.fastPath.sweepAtCommit(manager);
        },
      );
    } catch {
      // Nothing of the group committed; alone, each command meets only its own failure.
      return Promise.all(runs.map((run) => settlementOf(this.runAlone(run))));
    }
  }

  private unitOf(run: CommandRun): TransactionUnit<CommandResult, unknown> {
    const statements = run.openings.map((opening) => opening.statements(this.schema));
    return {
      opening: [...inboxOpening(this.schema, run.consumer, run.command.messageId), ...statements.flat()],
      work: async (manager, [recorded, ...opened]) =>
        recorded.length === 0
          ? { duplicate: true, committed: [] }
          : { duplicate: false, committed: await this.decide(run, manager, opened, statements) },
    };
  }

  private async runAlone(run: CommandRun): Promise<CommandResult> {
    const statements = run.openings.map((opening) => opening.statements(this.schema));
    let committed: OutboxRecord[] = [];
    const { duplicate } = await withInbox(
      this.dataSource,
      this.schema,
      run.consumer,
      run.command.messageId,
      async (manager, openedRows) => {
        committed = await this.decide(run, manager, openedRows, statements);
        await enqueueOutbox(manager, this.schema, committed, { notify: false });
        await this.fastPath.sweepAtCommit(manager);
      },
      statements.flat(),
    );
    return { duplicate, committed: duplicate ? [] : committed };
  }

  /** Hands each opening its rows, runs the command's work, and returns the reply and events to commit. */
  private async decide(
    run: CommandRun,
    manager: EntityManager,
    openedRows: unknown[][],
    statements: string[][],
  ): Promise<OutboxRecord[]> {
    let at = 0;
    run.openings.forEach((opening, index) => {
      opening.opened(manager, openedRows.slice(at, (at += statements[index].length)));
    });
    const outcome = await run.work(manager);
    const outgoing = [outcome.reply, ...(outcome.events ?? [])];
    return outgoing.map(({ contract, payload }) => outboxRecord(run.command, contract, payload));
  }
}

/** Every command payload is order-scoped (validated on receipt); undefined for anything else. */
function orderIdOf(command: Envelope<unknown>): string | undefined {
  const orderId = (command.payload as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' ? orderId : undefined;
}

/** A reply or event caused by `command`, with a fresh message id (→ `Nats-Msg-Id`). */
function outboxRecord(command: Envelope<unknown>, contract: MessageAddress, payload: object): OutboxRecord {
  return storedMessage(contract, payload, {
    messageId: randomUUID(),
    sagaId: command.sagaId,
    correlationId: command.correlationId,
    causationId: command.messageId,
  });
}
