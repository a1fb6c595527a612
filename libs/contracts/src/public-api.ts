/**
 * What `@saga-orchestrator/contracts` publishes: the means to define, validate and compare
 * contracts. The demo's own messages (orders, payments, …) stay inside this monorepo, so a team
 * that installs the package gets the builders and validators without our shop's domain.
 */
import {
  type SnapshotUpdate,
  snapshotFailures as snapshotFailuresIn,
  updateSnapshots as updateSnapshotsIn,
} from './compatibility/contract-snapshots';
import type { MessageContract } from './message-contract';

export * from './message-contract';
export * from './query-contract';
export * from './headers';
export * from './contract-builders';
export * from './contract-registry';
export * from './contract-rules/check-contract-rules';
export * from './subject-matches';
export * from './validate-payload';
export { compiledCheckFor } from './validation/compiled/compiled-validator';
export * from './compatibility/compare-schemas';
export type { JsonSchema } from './compatibility/json-schema';
export { type SnapshotUpdate } from './compatibility/contract-snapshots';

/**
 * Inside the monorepo the folder defaults to the platform's own schemas; that folder is not
 * published, so outside it the folder where a saga module keeps its snapshots must be named.
 */
export const snapshotFailures: (contracts: readonly MessageContract[], dir: string) => string[] =
  snapshotFailuresIn;
/** Records new contracts and additive changes in `dir`; a breaking change is refused, never written. */
export const updateSnapshots: (contracts: readonly MessageContract[], dir: string) => SnapshotUpdate =
  updateSnapshotsIn;

export * from './validation/limits';
export * from './validation/json-depth';
export * from './validation/compose-decorators';
export * from './validation/field-decorators';
export * from './validation/nested-decorators';
export * from './validation/array-unique-by';
export * from './validation/is-string-record';

export * from './replies/reply-payload';
