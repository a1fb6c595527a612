import type { SagaDefinition } from './saga-definition';

export class UnknownSagaDefinitionError extends Error {
  constructor(type: string, version?: number) {
    super(`no saga definition registered for ${type}${version === undefined ? '' : ` v${version}`}`);
    this.name = 'UnknownSagaDefinitionError';
  }
}

/**
 * Maps (type, version) to a definition, so an instance always runs on the version it started
 * with while new sagas start on the latest one.
 */
export class SagaRegistry {
  private readonly byKey = new Map<string, SagaDefinition<unknown>>();

  constructor(definitions: readonly SagaDefinition<unknown>[] = []) {
    definitions.forEach((definition) => this.register(definition));
  }

  register(definition: SagaDefinition<unknown>): this {
    const key = registryKey(definition.type, definition.version);
    if (this.byKey.has(key)) {
      throw new Error(`saga definition ${definition.type} v${definition.version} is already registered`);
    }
    this.byKey.set(key, definition);
    return this;
  }

  get(type: string, version: number): SagaDefinition<unknown> {
    const definition = this.byKey.get(registryKey(type, version));
    if (!definition) throw new UnknownSagaDefinitionError(type, version);
    return definition;
  }

  latest(type: string): SagaDefinition<unknown> {
    const versions = this.all().filter((definition) => definition.type === type);
    if (versions.length === 0) throw new UnknownSagaDefinitionError(type);
    return versions.reduce((latest, candidate) => (candidate.version > latest.version ? candidate : latest));
  }

  all(): SagaDefinition<unknown>[] {
    return [...this.byKey.values()];
  }
}

function registryKey(type: string, version: number): string {
  return `${type}@${version}`;
}
