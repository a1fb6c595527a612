import type { ClassConstructor } from 'class-transformer';
import { defineContract, type MessageContract } from './message-contract';
import type { QueryContract } from './query-contract';
import type { ReplyPayload } from './replies/reply-payload';

/** The naming rules of DESIGN "Messaging", so no contract spells a subject by hand. */

export type ParticipantService = 'order' | 'inventory' | 'payment' | 'shipping';
export type QueryService = ParticipantService | 'orchestrator';

interface CommandSpec<P extends object> {
  service: ParticipantService;
  action: string;
  payload: ClassConstructor<P>;
  description: string;
  version?: number;
}

/** `saga.cmd.<service>.<action>`, type `<service>.<action>`. */
export function defineCommand<P extends object>(spec: CommandSpec<P>): MessageContract<P> {
  return defineContract({
    type: `${spec.service}.${spec.action}`,
    kind: 'command',
    subject: `saga.cmd.${spec.service}.${spec.action}`,
    version: spec.version ?? 1,
    payload: spec.payload,
    description: spec.description,
  });
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
  service: ParticipantService | 'orchestrator';
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
  service: QueryService;
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
