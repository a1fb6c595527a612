import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { Envelope, MessageContract } from '@app/contracts';
import { JetStreamPublisher, afterAcknowledgement, buildHeaders } from '@app/messaging';
import {
  type OrderRow,
  OutboxFastPath,
  type OutboxRecord,
  type TransactionOpening,
  enqueueOutbox,
  orderRowsOpening,
  withInbox,
} from '@app/persistence';
import { BeforeNatsClose } from './nats.module';

export interface OutgoingPayload<P extends object = object> {
  contract: MessageContract<P>;
  payload: P;
}

/** The service's tables read by order id in its commands, fetched with every command's BEGIN (`findOrderRow`). */
export const ORDER_ROWS = Symbol('ORDER_ROWS');

export interface ParticipantOutcome {
  reply: OutgoingPayload;
  events?: OutgoingPayload[];
}

/**
 * The participant side of "nothing lost, nothing done twice": the inbox record, the domain
 * change, the reply and the domain events commit in one transaction; a message id seen before
 * is skipped without effect (its reply is already in the outbox or on the stream). The reply and
 * events are published right after the commit (OutboxFastPath); the outbox relay is the safety
 * net for any that were not.
 */
@Injectable()
export class ParticipantCommandRunner {
  private readonly schema: string;
  private readonly fastPath: OutboxFastPath;

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
    const statements = all.map((opening) => opening.statements(this.schema));
    let committed: OutboxRecord[] = [];
    const { duplicate } = await withInbox(
      this.dataSource,
      this.schema,
      consumer,
      command.messageId,
      async (manager, openedRows) => {
        let at = 0;
        all.forEach((opening, index) => {
          opening.opened(manager, openedRows.slice(at, (at += statements[index].length)));
        });
        const outcome = await work(manager);
        const outgoing = [outcome.reply, ...(outcome.events ?? [])];
        committed = outgoing.map(({ contract, payload }) => outboxRecord(command, contract, payload));
        await enqueueOutbox(manager, this.schema, committed, { notify: false });
        await this.fastPath.sweepAtCommit(manager);
      },
      statements.flat(),
    );
    if (!duplicate) await this.fastPath.publishCommitted(committed);
    return { duplicate };
  }
}

/** Every command payload is order-scoped (validated on receipt); undefined for anything else. */
export function orderIdOf(command: Envelope<unknown>): string | undefined {
  const orderId = (command.payload as { orderId?: unknown } | null)?.orderId;
  return typeof orderId === 'string' ? orderId : undefined;
}

/** A reply or event caused by `command`, with a fresh message id (→ `Nats-Msg-Id`). */
function outboxRecord(command: Envelope<unknown>, contract: MessageContract, payload: object): OutboxRecord {
  const messageId = randomUUID();
  const message = {
    subject: contract.subject,
    payload,
    messageId,
    type: contract.type,
    version: contract.version,
    sagaId: command.sagaId,
    correlationId: command.correlationId,
    causationId: command.messageId,
  };
  return { id: messageId, subject: contract.subject, headers: buildHeaders(message), payload };
}
