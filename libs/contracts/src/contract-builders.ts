import type { ClassConstructor } from 'class-transformer';
import { defineContract, type MessageContract } from './message-contract';
import type { QueryContract } from './query-contract';
import { ReplyPayload, ReplyResult } from './replies/reply-payload';

/** The naming rules of DESIGN "Messaging", so no contract spells a subject by hand. */

export type ParticipantService = 'order' | 'inventory' | 'payment' | 'shipping';
export type QueryService = ParticipantService | 'orchestrator';

/** Pass as a command's `result` when its success reply carries nothing. */
export const noResult: unique symbol = Symbol('noResult');

/** The payload of a reply whose success carries a `result` of type `R` (none when `R` is undefined). */
export type CommandReplyPayload<R> = ReplyPayload & { result?: R };

/**
 * A command that knows its reply: `reply` is the contract its participant answers with, derived
 * from the command (subject, type, version) and from the class of its success `result`.
 * `R` is that result's type (`undefined` for `noResult`); the saga DSL reads it from here.
 */
export interface CommandContract<P extends object = object, R = unknown> extends MessageContract<P> {
  readonly kind: 'command';
  /** The class of the success reply's `result`, or null when the reply carries none. */
  readonly result: ClassConstructor<object> | null;
  readonly reply: MessageContract<CommandReplyPayload<R>>;
}

/** The type of a command's success result; `unknown` for a command built without a result. */
export type CommandResultOf<C> = C extends CommandContract<object, infer R> ? R : unknown;

interface CommandSpec<P extends object> {
  service: ParticipantService | (string & {});
  action: string;
  payload: ClassConstructor<P>;
  description: string;
  version?: number;
}

interface CommandWithReplySpec<P extends object, Result> extends CommandSpec<P> {
  /** The class of the success reply's `result` (class-validator rules), or `noResult`. */
  result: Result;
  /** Describes the reply, e.g. its business failure codes; default "Outcome of <service>.<action>." */
  replyDescription?: string;
}

/**
 * `saga.cmd.<service>.<action>`, type `<service>.<action>`; with `result`, also its reply
 * (`replyOf(command)`). Without `result` the command knows no reply: declare one with `defineReply`.
 */
export function defineCommand<P extends object>(
  spec: CommandWithReplySpec<P, typeof noResult>,
): CommandContract<P, undefined>;
export function defineCommand<P extends object, R extends object>(
  spec: CommandWithReplySpec<P, ClassConstructor<R>>,
): CommandContract<P, R>;
/** @deprecated declare the reply's `result` class (or `noResult`), so the reply contract is derived. */
export function defineCommand<P extends object>(spec: CommandSpec<P>): MessageContract<P>;
export function defineCommand<P extends object>(
  spec: CommandSpec<P> | CommandWithReplySpec<P, ClassConstructor<object> | typeof noResult>,
): MessageContract<P> | CommandContract<P, unknown> {
  const command: MessageContract<P> = {
    type: `${spec.service}.${spec.action}`,
    kind: 'command',
    subject: `saga.cmd.${spec.service}.${spec.action}`,
    version: spec.version ?? 1,
    payload: spec.payload,
    description: spec.description,
  };
  if (!('result' in spec)) return defineContract(command);
  const result = spec.result === noResult ? null : spec.result;
  const reply = defineReply(
    command,
    replyPayloadClass(spec.payload, result),
    spec.replyDescription ?? `Outcome of ${command.type}.`,
  );
  return Object.freeze({ ...command, kind: 'command' as const, result, reply });
}

/** The reply contract of a command built with a `result`. */
export function replyOf<R>(command: CommandContract<object, R>): MessageContract<CommandReplyPayload<R>> {
  return command.reply;
}

/** Whether `contract` is a command that knows its reply (built by `defineCommand` with a `result`). */
export function isCommandContract(contract: MessageContract): contract is CommandContract {
  return contract.kind === 'command' && 'reply' in contract;
}

/**
 * `class <Name>ReplyPayload extends ReplyPayload { @ReplyResult(() => result) result?: R }`,
 * named after the command's payload class: the JSON schema lists nested classes by name, and
 * the name shows in validation errors.
 */
function replyPayloadClass<R extends object>(
  commandPayload: ClassConstructor<object>,
  result: ClassConstructor<R> | null,
): ClassConstructor<CommandReplyPayload<R>> {
  const name = `${commandPayload.name.replace(/Payload$/, '')}ReplyPayload`;
  const replyClass = class extends ReplyPayload {
    // `declare`: no own property on instances, so a reply without a result has no `result` key.
    declare result?: R;
  };
  Object.defineProperty(replyClass, 'name', { value: name });
  if (result) ReplyResult(() => result)(replyClass.prototype, 'result');
  return replyClass;
}

/** The reply to `command`: `saga.reply.<service>.<action>`, type `<service>.<action>.reply`. */
export function defineReply<P extends ReplyPayload>(
  command: MessageContract,
  payload: ClassConstructor<P>,
  description: string,
): MessageContract<P> {
  return defineContract({
    type: `${command.type}.reply`,
    kind: 'reply',
    subject: command.subject.replace(/^saga\.cmd\./, 'saga.reply.'),
    version: command.version,
    payload,
    description,
  });
}

interface EventSpec<P extends object> {
  service: ParticipantService | 'orchestrator' | (string & {});
  entity: string;
  /** Past tense: `created`, `reserved`. */
  action: string;
  payload: ClassConstructor<P>;
  description: string;
  version?: number;
}

/** `events.<service>.<entity>.<action>.v<N>`, type `<service>.<entity>.<action>`. */
export function defineEvent<P extends object>(spec: EventSpec<P>): MessageContract<P> {
  const version = spec.version ?? 1;
  const type = `${spec.service}.${spec.entity}.${spec.action}`;
  return defineContract({
    type,
    kind: 'event',
    subject: `events.${type}.v${version}`,
    version,
    payload: spec.payload,
    description: spec.description,
  });
}

interface QuerySpec<P extends object, R extends object> {
  service: QueryService | (string & {});
  name: string;
  payload: ClassConstructor<P>;
  result: ClassConstructor<R>;
  description: string;
  version?: number;
}

/** `query.<service>.<name>`; the type is the subject. */
export function defineQuery<P extends object, R extends object>(spec: QuerySpec<P, R>): QueryContract<P, R> {
  const subject = `query.${spec.service}.${spec.name}`;
  return Object.freeze({
    type: subject,
    kind: 'query',
    subject,
    version: spec.version ?? 1,
    payload: spec.payload,
    result: spec.result,
    description: spec.description,
  });
}
