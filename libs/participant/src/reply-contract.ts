import { type MessageContract, isCommandContract } from '@app/contracts';

/** Where and as what a participant's reply to a command travels. */
export type ReplyAddress = Pick<MessageContract, 'type' | 'subject' | 'version'>;

/**
 * The reply to `command`: the one it declares (`defineCommand` with a `result`), else by the
 * naming rule every reply contract follows (`defineReply`): `<type>.reply` on
 * `saga.reply.<service>.<action>`, same version. Derived rather than looked up in a registry, so
 * a saga module's own commands (not in the platform's contract list) are answered too.
 */
export function replyAddressOf(command: MessageContract): ReplyAddress {
  if (command.kind !== 'command' || !command.subject.startsWith('saga.cmd.')) {
    throw new Error(
      `${command.type} is not a saga command (kind ${command.kind}, subject ${command.subject})`,
    );
  }
  if (isCommandContract(command)) {
    const { type, subject, version } = command.reply;
    return Object.freeze({ type, subject, version });
  }
  return Object.freeze({
    type: `${command.type}.reply`,
    subject: `saga.reply.${command.subject.slice('saga.cmd.'.length)}`,
    version: command.version,
  });
}
