import type { Envelope, MessageContract } from '@app/contracts';
import type { ParticipantCommandRunner } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { Decision, NO_REPLY, NoReply, ReplyBody } from './decision';

/** Thrown inside the transaction to roll it back when the participant chooses not to answer. */
class Silence extends Error {}

/**
 * Runs one command through the participant runner (inbox, decision, reply and events in one
 * transaction) and sends the decision's reply on `reply`. A NO_REPLY decision commits nothing,
 * not even the inbox record: the message is acknowledged and simply never answered.
 */
export async function answerCommand<P extends ReplyBody>(
  runner: ParticipantCommandRunner,
  command: Envelope<unknown>,
  consumer: string,
  reply: MessageContract<P>,
  decide: (manager: EntityManager) => Promise<Decision | NoReply>,
): Promise<void> {
  try {
    await runner.run(command, consumer, async (manager) => {
      const decision = await decide(manager);
      if (decision === NO_REPLY) throw new Silence();
      return { reply: { contract: reply, payload: decision.reply as P }, events: decision.events };
    });
  } catch (error) {
    if (!(error instanceof Silence)) throw error;
  }
}
