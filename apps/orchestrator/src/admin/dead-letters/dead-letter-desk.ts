import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  type DeadLetterStore,
  JetStreamPublisher,
  errorMessage,
  replayOf,
  replayRefusal,
} from '@app/messaging';
import { SagaRuntime } from '../../runtime/saga-runtime';

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

export interface ReplayOutcome {
  id: number;
  sagaId: string | null;
  /** Where the original message went again, under which new `Nats-Msg-Id`. */
  subject: string;
  messageId: string;
}

/**
 * What an operator does to dead letters: replay one (publish it again, then remove it) or
 * delete one. Either is noted on the timeline of the saga the letter belongs to.
 */
@Injectable()
export class DeadLetterDesk {
  private readonly logger = new Logger(DeadLetterDesk.name);

  constructor(
    @Inject(DEAD_LETTER_STORE) private readonly store: DeadLetterStore,
    private readonly publisher: JetStreamPublisher,
    private readonly runtime: SagaRuntime,
  ) {}

  async replay(id: number, reason: string | undefined): Promise<ReplayOutcome> {
    const entry = await this.store.get(id);
    if (!entry) throw notFound(id);
    const refusal = replayRefusal(entry);
    if (refusal !== undefined)
      throw new ConflictException(`Dead letter ${id} cannot be replayed: ${refusal}`);
    const message = replayOf(entry);
    try {
      await this.publisher.publishRaw(message.subject, message.headers, message.body, message.msgId);
    } catch (error) {
      this.logger.error(`replay of dead letter ${id} failed: ${errorMessage(error)}`);
      throw new ServiceUnavailableException(
        `Dead letter ${id} could not be republished to ${message.subject}; it stays in the dead-letter stream`,
      );
    }
    // Another replay of the same entry published under the same id (stored once) and removed it.
    if (!(await this.store.remove(id))) throw notFound(id);
    if (entry.sagaId) {
      await this.runtime.note(entry.sagaId, 'dead-letter-replayed', {
        deadLetterId: id,
        subject: message.subject,
        messageId: message.msgId,
        reason: reason ?? null,
        failure: entry.reason,
      });
    }
    return { id, sagaId: entry.sagaId, subject: message.subject, messageId: message.msgId };
  }

  async delete(id: number): Promise<void> {
    const entry = await this.store.get(id);
    if (!entry || !(await this.store.remove(id))) throw notFound(id);
    if (entry.sagaId) {
      await this.runtime.note(entry.sagaId, 'dead-letter-deleted', {
        deadLetterId: id,
        subject: entry.originalSubject,
        failure: entry.reason,
      });
    }
  }
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`Dead letter ${id} not found`);
}
