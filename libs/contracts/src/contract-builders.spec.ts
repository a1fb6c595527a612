import { randomUUID } from 'node:crypto';
import { IsUUID } from 'class-validator';
import { classSchema } from './compatibility/class-schema';
import {
  type CommandResultOf,
  defineCommand,
  defineReply,
  isCommandContract,
  noResult,
  replyOf,
} from './contract-builders';
import { ReplyPayload, ReplyResult } from './replies/reply-payload';
import { OrderScoped } from './shared/order-scoped';
import { validatePayload } from './validate-payload';

class ParkCarPayload extends OrderScoped {}

class ParkCarResult {
  @IsUUID()
  ticketId: string;
}

class ParkCarReplyPayload extends ReplyPayload {
  @ReplyResult(() => ParkCarResult)
  result?: ParkCarResult;
}

const ParkCarCommand = defineCommand({
  service: 'shipping',
  action: 'park-car',
  payload: ParkCarPayload,
  description: 'a test command',
  result: ParkCarResult,
  replyDescription: 'Outcome of shipping.park-car; NO_SPACE on business failure.',
});

const HonkCommand = defineCommand({
  service: 'shipping',
  action: 'honk',
  payload: ParkCarPayload,
  description: 'a test command whose reply carries nothing',
  result: noResult,
});

describe('defineCommand with a result', () => {
  it('derives the reply contract defineReply would declare: type, kind, subject, version', () => {
    const declared = defineReply(ParkCarCommand, ParkCarReplyPayload, 'declared by hand');
    const derived = replyOf(ParkCarCommand);
    expect(derived).toMatchObject({
      type: declared.type,
      kind: 'reply',
      subject: declared.subject,
      version: declared.version,
    });
    expect(derived).toBe(ParkCarCommand.reply);
    expect(derived.description).toBe('Outcome of shipping.park-car; NO_SPACE on business failure.');
  });

  it('gives the derived reply the JSON schema of the hand-written reply payload class', () => {
    expect(classSchema(replyOf(ParkCarCommand).payload)).toEqual(classSchema(ParkCarReplyPayload));
  });

  it('keeps the version of a later command version', () => {
    const v2 = defineCommand({
      service: 'shipping',
      action: 'park-car',
      payload: ParkCarPayload,
      description: 'v2',
      result: ParkCarResult,
      version: 2,
    });
    expect(replyOf(v2)).toMatchObject({ type: 'shipping.park-car.reply', version: 2 });
    expect(replyOf(v2).description).toBe('Outcome of shipping.park-car.');
  });

  it('validates the derived reply: a success with its result, a failure with its error', () => {
    const ticketId = randomUUID();
    expect(validatePayload(replyOf(ParkCarCommand), { outcome: 'SUCCESS', result: { ticketId } })).toEqual({
      ok: true,
      value: { outcome: 'SUCCESS', result: { ticketId } },
    });
    const failure = { outcome: 'BUSINESS_FAILURE', error: { code: 'NO_SPACE', message: 'full' } };
    expect(validatePayload(replyOf(ParkCarCommand), failure).ok).toBe(true);
    expect(
      validatePayload(replyOf(ParkCarCommand), { outcome: 'SUCCESS', result: { ticketId: 'nope' } }),
    ).toEqual({ ok: false, errors: ['result.ticketId must be a UUID'] });
  });

  it('names the reply payload class after the command payload (it shows in validation errors)', () => {
    expect(replyOf(ParkCarCommand).payload.name).toBe('ParkCarReplyPayload');
  });

  it('records the result class on the command', () => {
    expect(ParkCarCommand.result).toBe(ParkCarResult);
    expect(HonkCommand.result).toBeNull();
  });
});

describe('defineCommand with noResult', () => {
  it('derives a reply that carries an outcome and no result', () => {
    expect(classSchema(replyOf(HonkCommand).payload)).toEqual(classSchema(ReplyPayload));
    expect(validatePayload(replyOf(HonkCommand), { outcome: 'SUCCESS' }).ok).toBe(true);
    expect(validatePayload(replyOf(HonkCommand), { outcome: 'SUCCESS', result: {} })).toEqual({
      ok: false,
      errors: ['property result should not exist'],
    });
  });

  it('gives a validated reply without a result no result key', () => {
    const validated = validatePayload(replyOf(HonkCommand), { outcome: 'SUCCESS' });
    expect(validated.ok && Object.keys(validated.value)).toEqual(['outcome']);
  });
});

describe('defineCommand without a result (not converted yet)', () => {
  const Legacy = defineCommand({
    service: 'order',
    action: 'legacy',
    payload: ParkCarPayload,
    description: 'declares its reply with defineReply',
  });

  it('builds the command alone; it is no command contract that knows its reply', () => {
    expect(Legacy).toMatchObject({ type: 'order.legacy', kind: 'command', subject: 'saga.cmd.order.legacy' });
    expect(isCommandContract(Legacy)).toBe(false);
    expect(isCommandContract(ParkCarCommand)).toBe(true);
    expect(isCommandContract(replyOf(ParkCarCommand))).toBe(false);
  });
});

// Type level: checked by tsc (the spec files are part of the project), not at run time.
const ticketOf = (result: CommandResultOf<typeof ParkCarCommand>): string => result.ticketId;
const nothing: CommandResultOf<typeof HonkCommand> = undefined;
// @ts-expect-error a noResult command's result is undefined
const notAResult: CommandResultOf<typeof HonkCommand> = { ticketId: 'x' };
// @ts-expect-error the result type has no such field
const wrongField = (result: CommandResultOf<typeof ParkCarCommand>): string => result.parkingSpot;
void [ticketOf, nothing, notAResult, wrongField];
