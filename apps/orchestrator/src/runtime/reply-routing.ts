import { type MessageContract, replyContractFor } from '@app/contracts';
import type { SagaDefinition, SagaInstance, SagaRegistry } from '@app/saga-core';

const REPLY_SUFFIX = '.reply';

/** The command type a reply answers: `inventory.reserve.reply` → `inventory.reserve`. */
export function commandTypeOfReply(replyType: string): string | undefined {
  return replyType.endsWith(REPLY_SUFFIX) ? replyType.slice(0, -REPLY_SUFFIX.length) : undefined;
}

/**
 * The step a reply belongs to: one whose command or compensation has the reply's command type,
 * preferring the step that is waiting on exactly that command id (a saga could send the same
 * command type from two steps).
 */
export function stepForReply(
  definition: SagaDefinition<unknown>,
  instance: SagaInstance<unknown>,
  commandType: string,
  commandId: string,
): string | undefined {
  const candidates = definition.steps.filter(
    (step) => step.command.contract.type === commandType || step.compensation?.contract.type === commandType,
  );
  const awaited = candidates.find(
    (step) => instance.steps.find((s) => s.name === step.name)?.lastCommandId === commandId,
  );
  return (awaited ?? candidates[0])?.name;
}

/** Every reply contract the registered sagas can receive (one per command and compensation type). */
export function replyContractsOf(registry: SagaRegistry): MessageContract[] {
  const commands = registry
    .all()
    .flatMap((definition) =>
      definition.steps.flatMap((step) => [step.command.contract, step.compensation?.contract]),
    )
    .filter((contract): contract is MessageContract => contract !== undefined);
  const replies = new Map<string, MessageContract>();
  for (const command of commands) {
    const reply = replyContractFor(command);
    if (!reply) throw new Error(`command ${command.type} v${command.version} has no reply contract`);
    replies.set(reply.type, reply);
  }
  return [...replies.values()];
}
