import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CreateOrderReply, type Envelope } from '@app/contracts';
import { getMetrics } from '@app/observability';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import type { ParticipantCommandRunner, ParticipantOutcome } from '@app/platform';
import { answerCommand } from './answer-command';
import { NO_REPLY, declined, failedTransiently, refused, succeeded } from './decision';

/** Runs the work as the real runner would, or skips it when the message was handled before. */
function fakeRunner(options: { duplicate?: boolean; commitFails?: boolean } = {}) {
  const outcomes: ParticipantOutcome[] = [];
  const runner = {
    run: async (
      _command: Envelope<unknown>,
      _consumer: string,
      work: (m: EntityManager) => Promise<ParticipantOutcome>,
    ) => {
      if (options.duplicate) return { duplicate: true };
      outcomes.push(await work({} as EntityManager));
      if (options.commitFails) throw new Error('connection lost at commit');
      return { duplicate: false };
    },
  };
  return { runner: runner as unknown as ParticipantCommandRunner, outcomes };
}

const command = (type: string): Envelope<unknown> => ({
  subject: `saga.cmd.${type}`,
  messageId: randomUUID(),
  type,
  version: 1,
  sagaId: randomUUID(),
  correlationId: randomUUID(),
  occurredAt: new Date().toISOString(),
  payload: {},
});

/** Each case uses its own command type, so counts from other cases never mix in. */
const handledCount = async (type: string, outcome: string) =>
  sampleSum(await getMetrics().scrape(), 'participant_handler_duration_seconds_count', {
    command: type,
    outcome,
  });

describe('answerCommand', () => {
  it.each([
    ['succeeded', succeeded({ orderId: 'o-1', status: 'PENDING' })],
    ['refused', declined('OUT_OF_STOCK', 'none left')],
    ['refused', refused('UNKNOWN_ORDER', 'no such order')],
    ['transient', failedTransiently('BUSY', 'try again')],
  ])('sends the reply and measures the command as %s', async (outcome, decision) => {
    const type = `test.${randomUUID().slice(0, 8)}`;
    const { runner, outcomes } = fakeRunner();

    await answerCommand(runner, command(type), 'order', CreateOrderReply, async () => decision);

    expect(outcomes).toEqual([
      { reply: { contract: CreateOrderReply, payload: decision.reply }, events: [] },
    ]);
    expect(await handledCount(type, outcome)).toBe(1);
  });

  it('measures a deliberate silence as no-reply, and a message handled before as duplicate', async () => {
    const silentType = `test.${randomUUID().slice(0, 8)}`;
    const duplicateType = `test.${randomUUID().slice(0, 8)}`;
    const silent = fakeRunner();
    const duplicate = fakeRunner({ duplicate: true });

    await answerCommand(silent.runner, command(silentType), 'order', CreateOrderReply, async () => NO_REPLY);
    await answerCommand(duplicate.runner, command(duplicateType), 'order', CreateOrderReply, async () =>
      succeeded({}),
    );

    expect(silent.outcomes).toEqual([]);
    expect(await handledCount(silentType, 'no-reply')).toBe(1);
    expect(await handledCount(duplicateType, 'duplicate')).toBe(1);
  });

  it('rethrows a failure, decided or not, and measures it as error', async () => {
    const throwingType = `test.${randomUUID().slice(0, 8)}`;
    const commitType = `test.${randomUUID().slice(0, 8)}`;

    await expect(
      answerCommand(fakeRunner().runner, command(throwingType), 'order', CreateOrderReply, () =>
        Promise.reject(new Error('database down')),
      ),
    ).rejects.toThrow('database down');
    await expect(
      answerCommand(
        fakeRunner({ commitFails: true }).runner,
        command(commitType),
        'order',
        CreateOrderReply,
        async () => succeeded({}),
      ),
    ).rejects.toThrow('connection lost at commit');

    expect(await handledCount(throwingType, 'error')).toBe(1);
    expect(await handledCount(commitType, 'error')).toBe(1);
    expect(await handledCount(commitType, 'succeeded')).toBeUndefined();
  });
});
