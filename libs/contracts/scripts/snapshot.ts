import path from 'node:path';
import { type MessageContract, PLATFORM_CONTRACTS } from '../src';
import { orphanSnapshots, SNAPSHOT_DIR, updateSnapshots } from '../src/compatibility/contract-snapshots';

/*
 * Records the JSON schema of every contract: new contracts and additive changes are written;
 * breaking changes are refused (exit code 1) and left for a v2.
 *
 *   npm run contracts:snapshot                                  the platform's, in libs/contracts/schemas
 *   npm run contracts:snapshot -- <module index.ts> <folder>    a saga module's own, in its folder
 *
 * A module file's exports that look like saga modules (`{ definition, start, contracts }`) give
 * the contracts; those it borrows from the platform stay in the platform's folder.
 */

function isSagaModuleLike(value: unknown): value is { contracts: readonly MessageContract[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { contracts, definition, start } = value as Record<string, unknown>;
  return Array.isArray(contracts) && definition !== undefined && start !== undefined;
}

async function moduleContracts(file: string): Promise<MessageContract[]> {
  const exports = (await import(path.resolve(file))) as Record<string, unknown>;
  const platform = new Set(PLATFORM_CONTRACTS);
  const owned = Object.values(exports)
    .filter(isSagaModuleLike)
    .flatMap((module) => module.contracts.filter((contract) => !platform.has(contract)));
  if (owned.length === 0) throw new Error(`${file} exports no saga module with contracts of its own`);
  return [...new Set(owned)];
}

async function main(args: string[]): Promise<void> {
  if (args.length !== 0 && args.length !== 2) {
    throw new Error('usage: contracts:snapshot [-- <saga module index.ts> <snapshot folder>]');
  }
  const [moduleFile, folder] = args;
  const contracts = moduleFile ? await moduleContracts(moduleFile) : PLATFORM_CONTRACTS;
  const dir = folder ? path.resolve(folder) : SNAPSHOT_DIR;
  const update = updateSnapshots(contracts, dir);
  const relative = (file: string): string => path.relative(process.cwd(), file);

  for (const file of update.written) console.log(`wrote ${relative(file)}`);
  console.log(`${update.unchanged.length} snapshot(s) unchanged`);
  for (const file of orphanSnapshots(contracts, dir)) {
    console.error(
      `${relative(path.join(dir, file))} has no contract any more; a published version must stay`,
    );
  }
  for (const failure of update.refused) console.error(failure);
  if (update.refused.length > 0) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
