import { ContractRegistry, type MessageContract, PLATFORM_CONTRACTS } from '@app/contracts';
import { type SagaDefinition, type SagaModule, SagaRegistry, type SagaStartBinding } from '@app/saga-core';
import { replyContractsOf } from './reply-routing';

/** What the orchestrator runs, built from the saga modules it was given and nothing else. */
export interface RegisteredSagas {
  readonly registry: SagaRegistry;
  readonly starts: readonly SagaStartBinding[];
  /** The platform's contracts and every module's own. */
  readonly contracts: ContractRegistry;
  /** The replies the reply consumer accepts: one per command and compensation the sagas send. */
  readonly replies: readonly MessageContract[];
}

/**
 * Registers `modules`, refusing a set the orchestrator could not run: none at all, a saga type
 * and version or a start message twice, two different contracts under one type and version, or a
 * command whose reply contract neither the platform nor any module has (its replies would be
 * dead-lettered). `tune` adjusts each definition (the settings' timeouts and retries).
 */
export function registerSagas(
  modules: readonly SagaModule[],
  tune: (definition: SagaDefinition<unknown>) => SagaDefinition<unknown> = (definition) => definition,
): RegisteredSagas {
  if (modules.length === 0) throw new Error('the orchestrator was given no saga module to run');
  const registry = new SagaRegistry(modules.map((module) => tune(module.definition)));
  const starts = new Map<string, SagaStartBinding>();
  for (const { start } of modules) {
    const other = starts.get(start.contract.type);
    if (other) {
      throw new Error(
        `${start.contract.type} starts two saga modules: ${other.sagaType} and ${start.sagaType}`,
      );
    }
    starts.set(start.contract.type, start);
  }
  const contracts = new ContractRegistry([
    ...PLATFORM_CONTRACTS,
    ...modules.flatMap((module) => module.contracts),
  ]);
  return {
    registry,
    starts: [...starts.values()],
    contracts,
    replies: replyContractsOf(registry, contracts),
  };
}
