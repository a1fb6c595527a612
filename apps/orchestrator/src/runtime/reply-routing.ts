import type { ContractRegistry, MessageContract } from '@app/contracts';
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

/**
 * Every reply contract the registered sagas can receive (one per command and compensation type),
 * looked up in `contracts`. Throws, naming the saga and the command, when one has no reply
 * contract there: the saga could never hear back from that step.
 */
export function replyContractsOf(registry: SagaRegistry, contracts: ContractRegistry): MessageContract[] {
  const replies = new Map<string, MessageContract>();
  for (const definition of registry.all()) {
    for (const step of definition.steps) {
      for (const command of [step.command.contract, step.compensation?.contract]) {
        if (!command) continue;
        const reply = contracts.replyFor(command);
        if (!reply) {
          throw new Error(
            `saga ${definition.type} v${definition.version} sends ${command.type} v${command.version} ` +
              `(step ${step.name}) but no reply contract ${command.type}.reply v${command.version} is registered: ` +
              "add it to the saga module's contracts",
          );
        }
        replies.set(reply.type, reply);
      }
    }
  }
  return [...replies.values()];
}
