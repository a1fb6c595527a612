import type { MessageContract } from '@app/contracts';
import type { SagaDefinition } from './saga-definition';

/** What a start message says about the saga it asks for. */
export interface SagaStartRequest {
  sagaId: string;
  /**
   * What the saga is about in its users' words (the order id of an order-fulfillment saga, the
   * return id of an order-return saga): indexed with the saga type for lookups, searchable in the
   * admin API, and sent to participants with every command so they can key their idempotency on it.
   */
  businessKey: string | null;
  /** At most one saga per (type, idempotency key). */
  idempotencyKey: string | null;
  data: unknown;
}

/** Ties a start contract (`saga.start.<type>`) to the saga type it starts and its initial data. */
export interface SagaStartBinding<P extends object = object> {
  readonly contract: MessageContract<P>;
  readonly sagaType: string;
  request(payload: P): SagaStartRequest;
}

/** Keeps the payload type while the binding is written, then erases it so bindings of any saga sit in one list. */
export function bindSagaStart<P extends object>(binding: SagaStartBinding<P>): SagaStartBinding {
  return binding as unknown as SagaStartBinding;
}

/**
 * Everything the orchestrator needs to run one saga type, handed to it as an option: the
 * definition, how its start message becomes a saga, and the contracts of the messages it owns
 * (its start, commands, replies, events, queries) so the orchestrator's contract registry knows
 * them. Contracts the saga borrows from the platform need not be listed again.
 */
export interface SagaModule {
  /** Any data type fits: a definition's handlers are methods, checked bivariantly. */
  readonly definition: SagaDefinition<unknown>;
  readonly start: SagaStartBinding;
  readonly contracts: readonly MessageContract[];
}

export class SagaModuleError extends Error {
  constructor(type: string, problem: string) {
    super(`saga module ${type}: ${problem}`);
    this.name = 'SagaModuleError';
  }
}

/**
 * Checks that the parts of a module belong together and freezes it. The start contract is
 * added to `contracts` when it is missing, since a module always owns its start message.
 */
export function defineSagaModule(module: SagaModule): SagaModule {
  const { definition, start } = module;
  if (start.sagaType !== definition.type) {
    throw new SagaModuleError(definition.type, `its start binding starts ${start.sagaType}`);
  }
  if (start.contract.kind !== 'start') {
    throw new SagaModuleError(
      definition.type,
      `its start contract ${start.contract.type} is a ${start.contract.kind} contract`,
    );
  }
  const contracts = module.contracts.includes(start.contract)
    ? [...module.contracts]
    : [start.contract, ...module.contracts];
  return Object.freeze({ definition, start, contracts: Object.freeze(contracts) });
}
