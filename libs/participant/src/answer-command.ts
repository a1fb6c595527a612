import type { EntityManager } from 'typeorm';
import type { TransactionOpening } from '@app/persistence';
import type { Envelope } from '@app/contracts';
import type { HandlerOutcome } from '@app/observability';
import type { MessageAddress, ParticipantCommandRunner } from '@app/platform';
import { HANDLER_OUTCOME_OF_REPLY, recordCommandHandled } from './command-handler-metrics';
import { ledgerOpening, rememberLedgerOpening } from './command-ledger';
import { Decision, NO_REPLY, NoReply } from './decision';

/** Thrown inside the transaction to roll it back when the participant chooses not to answer. */
class Silence extends Error {}

export interface AnswerOptions {
  /** The ledger key the decision uses: its lock and entries are then taken with the BEGIN. */
  businessKey?: string;
  /** Further statements for the BEGIN (rows or locks the decision will need). */
  openings?: TransactionOpening[];
}

/**
 * Runs one command through the participant runner (inbox, decision, reply and events in one
 * transaction) and sends the decision's reply to `reply`. The business key's ledger lock and
 * entries are taken with the transaction's BEGIN, then the `openings`. A NO_REPLY decision commits
 * nothing, not even the inbox record: the message is acknowledged and simply never answered. Each
 * command's duration and outcome are measured (`participant_handler_duration_seconds`).
 */
export async function answerCommand(
  runner: ParticipantCommandRunner,
  command: Envelope<unknown>,
  consumer: string,
  reply: MessageAddress,
  decide: (manager: EntityManager) => Promise<Decision | NoReply>,
  { businessKey, openings = [] }: AnswerOptions = {},
): Promise<void> {
  const startedAt = performance.now();
  let outcome: HandlerOutcome = 'error';
  try {
    const { duplicate } = await runner.run(
      command,
      consumer,
      async (manager) => {
        const decision = await decide(manager);
        if (decision === NO_REPLY) throw new Silence();
        outcome = HANDLER_OUTCOME_OF_REPLY[decision.reply.outcome];
        return { reply: { contract: reply, payload: decision.reply }, events: decision.events };
      },
      businessKey === undefined
        ? openings
        : [
            {
              statements: (schema) => ledgerOpening(schema, businessKey),
              opened: (manager, rows) => rememberLedgerOpening(manager, businessKey, rows),
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
