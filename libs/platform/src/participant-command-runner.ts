import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { Envelope, MessageContract } from '@app/contracts';
import { buildHeaders } from '@app/messaging';
import { enqueueOutbox, withInbox } from '@app/persistence';

export interface OutgoingPayload<P extends object = object> {
  contract: MessageContract<P>;
  payload: P;
}

export interface ParticipantOutcome {
  reply: OutgoingPayload;
  events?: OutgoingPayload[];
}

/**
 * The participant side of "nothing lost, nothing done twice": the inbox record, the domain
 * change, the reply and the domain events commit in one transaction; a message id seen before
 * is skipped without effect (its reply is already in the outbox or on the stream).
 */
@Injectable()
export class ParticipantCommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(
    command: Envelope<unknown>,
    consumer: string,
    work: (manager: EntityManager) => Promise<ParticipantOutcome>,
  ): Promise<{ duplicate: boolean }> {
    const schema = this.config.schema as string;
    const { duplicate } = await withInbox(
      this.dataSource,
      schema,
      consumer,
      command.messageId,
      async (manager) => {
        const outcome = await work(manager);
        const outgoing = [outcome.reply, ...(outcome.events ?? [])];
        await enqueueOutbox(
          manager,
          schema,
          outgoing.map(({ contract, payload }) => {
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
          }),
        );
      },
    );
    return { duplicate };
  }
}
