import path from 'node:path';
import { ALL_CONTRACTS } from '../src';
import { orphanSnapshots, SNAPSHOT_DIR, updateSnapshots } from '../src/compatibility/contract-snapshots';

// Records the JSON schema of every contract in libs/contracts/schemas: new contracts and
// additive changes are written; breaking changes are refused (exit code 1) and left for a v2.
const update = updateSnapshots(ALL_CONTRACTS);
const relative = (file: string): string => path.relative(process.cwd(), file);

for (const file of update.written) console.log(`wrote ${relative(file)}`);
console.log(`${update.unchanged.length} snapshot(s) unchanged`);
for (const file of orphanSnapshots(ALL_CONTRACTS)) {
  console.error(
    `${relative(path.join(SNAPSHOT_DIR, file))} has no contract any more; a published version must stay`,
  );
}
for (const failure of update.refused) console.error(failure);
if (update.refused.length > 0) process.exitCode = 1;
