import type { EntityManager } from 'typeorm';
import type { TransactionOpening } from '@app/persistence';
import type { Envelope, MessageContract } from '@app/contracts';
import type { HandlerOutcome } from '@app/observability';
import { type ParticipantCommandRunner, orderIdOf } from '@app/platform';
import { HANDLER_OUTCOME_OF_REPLY, recordCommandHandled } from './command-handler-metrics';
import { ledgerOpening, rememberLedgerOpening } from './command-ledger';
import { Decision, NO_REPLY, NoReply, ReplyBody } from './decision';

/** Thrown inside the transaction to roll it back when the participant chooses not to answer. */
class Silence extends Error {}

/**
 * Runs one command through the participant runner (inbox, decision, reply and events in one
 * transaction) and sends the decision's reply on `reply`. The order's ledger lock and entries
 * are taken with the transaction's BEGIN, then `openings` (rows the decision will need). A NO_REPLY decision commits nothing,
 * not even the inbox record: the message is acknowledged and simply never answered. Each command's
 * duration and outcome are measured (`participant_handler_duration_seconds`).
 */
export async function answerCommand<P extends ReplyBody>(
  runner: ParticipantCommandRunner,
  command: Envelope<unknown>,
  consumer: string,
  reply: MessageContract<P>,
  decide: (manager: EntityManager) => Promise<Decision | NoReply>,
  openings: TransactionOpening[] = [],
): Promise<void> {
  const startedAt = performance.now();
  let outcome: HandlerOutcome = 'error';
  try {
    const orderId = orderIdOf(command);
    const { duplicate } = await runner.run(
      command,
      consumer,
      async (manager) => {
        const decision = await decide(manager);
        if (decision === NO_REPLY) throw new Silence();
        outcome = HANDLER_OUTCOME_OF_REPLY[decision.reply.outcome];
        return { reply: { contract: reply, payload: decision.reply as P }, events: decision.events };
      },
      orderId === undefined
        ? openings
        : [
            {
              statements: (schema) => ledgerOpening(schema, orderId),
              opened: (manager, rows) => rememberLedgerOpening(manager, orderId, rows),
            },
            ...openings,
          ],
    );
    if (duplicate) outcome = 'duplicate';
  } catch (error) {
    if (!(error instanceof Silence)) {
      outcome = 'error';
      throw error;
    }
    outcome = 'no-reply';
  } finally {
    recordCommandHandled(command, outcome, startedAt);
  }
}
