import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files the build leaves out (its `--ignore` patterns): changing them needs no rebuild. */
const NOT_BUILT = [/\.spec\.ts$/, /\.int-spec\.ts$/, /(^|\/)testing\//, /^libs\/[^/]+\/dist\//];

/**
 * One hash over every built file under `inputs` (folders or files, relative to `root`): their
 * paths and contents, plus `extra` (the build command). Contents, not modification times: a
 * checkout or `touch` alone does not make a build stale, an edit does.
 */
export function sourceFingerprint(root: string, inputs: readonly string[], extra = ''): string {
  const hash = createHash('sha256').update(extra).update('\0');
  for (const file of inputs.flatMap((input) => filesUnder(root, input)).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(root: string, input: string): string[] {
  const path = join(root, input);
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [input];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => !NOT_BUILT.some((pattern) => pattern.test(file)));
}
