import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageContract, MessageKind } from '../message-contract';
import { isQueryContract } from '../query-contract';
import { canonical, sameJson } from './canonical-json';
import { classSchema } from './class-schema';
import { compareSchemas } from './compare-schemas';
import type { JsonSchema } from './json-schema';

/** The committed record of one contract version: what senders and receivers rely on. */
export interface ContractSnapshot {
  type: string;
  version: number;
  kind: MessageKind;
  subject: string;
  payload: JsonSchema;
  /** Queries only: the answer (which may also be `null`, for "not found"). */
  result?: JsonSchema;
}

export const SNAPSHOT_DIR = path.resolve(__dirname, '../../schemas');
export const SNAPSHOT_COMMAND = 'npm run contracts:snapshot';

export function contractSnapshot(contract: MessageContract): ContractSnapshot {
  const snapshot: ContractSnapshot = {
    type: contract.type,
    version: contract.version,
    kind: contract.kind,
    subject: contract.subject,
    payload: classSchema(contract.payload),
  };
  return isQueryContract(contract) ? { ...snapshot, result: classSchema(contract.result) } : snapshot;
}

export function snapshotFileName(contract: Pick<MessageContract, 'type' | 'version'>): string {
  return `${contract.type}.v${contract.version}.json`;
}

/** Breaking differences between a committed snapshot and the contract as it is now. */
export function snapshotProblems(previous: ContractSnapshot, current: ContractSnapshot): string[] {
  const problems: string[] = [];
  if (previous.kind !== current.kind) problems.push(`kind changed from ${previous.kind} to ${current.kind}`);
  if (previous.subject !== current.subject) {
    problems.push(`subject changed from ${previous.subject} to ${current.subject}`);
  }
  problems.push(...compareSchemas(previous.payload, current.payload).problems);
  if (previous.result && !current.result) problems.push('the result schema was removed');
  if (previous.result && current.result) {
    problems.push(
      ...compareSchemas(previous.result, current.result).problems.map((problem) => `result: ${problem}`),
    );
  }
  return problems;
}

/** Why `contract` does not match its committed snapshot in `dir`, or undefined when it does. */
export function compatibilityFailure(contract: MessageContract, dir = SNAPSHOT_DIR): string | undefined {
  const name = `contract ${contract.type} v${contract.version}`;
  const file = path.join(dir, snapshotFileName(contract));
  if (!existsSync(file)) {
    return `${name} has no schema snapshot (${file}). Run \`${snapshotCommand(dir)}\` and commit the new file.`;
  }
  const previous = readSnapshot(file);
  const current = contractSnapshot(contract);
  const problems = snapshotProblems(previous, current);
  if (problems.length > 0) return incompatibility(contract, problems);
  if (!sameJson(previous, current)) {
    return `${name} changed compatibly; run \`${snapshotCommand(dir)}\` to record the change and commit the file.`;
  }
  return undefined;
}

/** The command that records the snapshots kept in `dir`: a saga module's need its module file named. */
function snapshotCommand(dir: string): string {
  if (path.resolve(dir) === SNAPSHOT_DIR) return SNAPSHOT_COMMAND;
  return `${SNAPSHOT_COMMAND} -- <the saga module's index.ts> ${path.relative(process.cwd(), dir) || '.'}`;
}

function incompatibility(contract: MessageContract, problems: string[]): string {
  return (
    `contract ${contract.type} v${contract.version} is incompatible: ${problems.join('; ')}. ` +
    `Keep v${contract.version} as it is and add a new version (v${contract.version + 1}) beside it, ` +
    'or make the change additive (a new optional field)'
  );
}

/** Snapshot files in `dir` whose contract version no longer exists (a published version must stay). */
export function orphanSnapshots(contracts: readonly MessageContract[], dir = SNAPSHOT_DIR): string[] {
  if (!existsSync(dir)) return [];
  const expected = new Set(contracts.map(snapshotFileName));
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !expected.has(file))
    .sort();
}

/**
 * Everything a contract spec asserts about snapshots, one line each (empty when all is well): a
 * contract without a snapshot in `dir`, one that changed (breaking, or additive but not
 * recorded), and a snapshot whose contract version is gone. A saga module keeps its contracts'
 * snapshots beside it and passes that folder; the platform's are in `SNAPSHOT_DIR`.
 */
export function snapshotFailures(contracts: readonly MessageContract[], dir = SNAPSHOT_DIR): string[] {
  const orphans = orphanSnapshots(contracts, dir).map(
    (file) => `${path.join(dir, file)} has no contract any more; a published version must stay`,
  );
  return [...contracts.flatMap((contract) => compatibilityFailure(contract, dir) ?? []), ...orphans];
}

export interface SnapshotUpdate {
  written: string[];
  unchanged: string[];
  /** Failure messages of contracts whose change is breaking: their snapshots are left as they are. */
  refused: string[];
}

/**
 * Records new contracts and additive changes. A breaking change is never written over its
 * snapshot: that would hide the break from the compatibility test.
 */
export function updateSnapshots(contracts: readonly MessageContract[], dir = SNAPSHOT_DIR): SnapshotUpdate {
  mkdirSync(dir, { recursive: true });
  const update: SnapshotUpdate = { written: [], unchanged: [], refused: [] };
  for (const contract of contracts) {
    const file = path.join(dir, snapshotFileName(contract));
    const current = contractSnapshot(contract);
    const previous = existsSync(file) ? readSnapshot(file) : undefined;
    const problems = previous ? snapshotProblems(previous, current) : [];
    if (problems.length > 0) {
      update.refused.push(incompatibility(contract, problems));
    } else if (previous && sameJson(previous, current)) {
      update.unchanged.push(file);
    } else {
      writeFileSync(file, `${JSON.stringify(canonical(current), null, 2)}\n`);
      update.written.push(file);
    }
  }
  return update;
}

function readSnapshot(file: string): ContractSnapshot {
  return JSON.parse(readFileSync(file, 'utf8')) as ContractSnapshot;
}
