/**
 * What `@saga-orchestrator/contracts` publishes: the means to define, validate and compare
 * contracts. The demo's own messages (orders, payments, …) stay inside this monorepo, so a team
 * that installs the package gets the builders and validators without our shop's domain.
 */
export * from './message-contract';
export * from './query-contract';
export * from './headers';
export * from './contract-builders';
export * from './subject-matches';
export * from './validate-payload';
export { compiledCheckFor } from './validation/compiled/compiled-validator';
export * from './compatibility/compare-schemas';
export type { JsonSchema } from './compatibility/json-schema';

export * from './validation/limits';
export * from './validation/json-depth';
export * from './validation/compose-decorators';
export * from './validation/field-decorators';
export * from './validation/nested-decorators';
export * from './validation/array-unique-by';
export * from './validation/is-string-record';

export * from './replies/reply-payload';
