import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve, sep } from 'node:path';

/**
 * Maps stack frames of the compiled files under `root` back to their TypeScript, reading a file's
 * source map only when one of its frames is first printed.
 *
 * Node's `--enable-source-maps` does the same but reads and keeps the map of every module that
 * has one when it loads, dependencies included (TypeORM's alone are 6 MB of JSON): about 15 MB
 * of heap per process for maps that no stack trace ever needs. Frames outside `root` and files
 * without a readable map print as they would without mapping. Returns the undoing (for tests).
 */
export function mapStackTracesUnder(root: string): () => void {
  const maps = new Map<string, SourceMap | undefined>();
  const prefix = resolve(root) + sep;

  const sourceMapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) maps.set(file, readSourceMap(file));
    return maps.get(file);
  };

  const frame = (site: NodeJS.CallSite): string => {
    const text = site.toString();
    const file = site.getFileName();
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file?.startsWith(prefix) || line === null || column === null) return text;
    const map = sourceMapOf(file);
    // Both are 0-based in a source map, 1-based in a call site.
    const entry = map?.findEntry(line - 1, column - 1);
    if (!entry || !('originalSource' in entry)) return text;
    const original = resolve(dirname(file), entry.originalSource);
    return text.replace(
      `${file}:${line}:${column}`,
      `${original}:${entry.originalLine + 1}:${entry.originalColumn + 1}`,
    );
  };

  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, sites) =>
    [headline(error), ...sites.map((site) => `    at ${frame(site)}`)].join('\n');
  return () => {
    Error.prepareStackTrace = previous;
  };
}

/** The first line V8 prints for an error: `Name: message`. */
function headline(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

function readSourceMap(file: string): SourceMap | undefined {
  try {
    // The embedded TypeScript is not needed to map a position; leave it out of what stays cached.
    const { sourcesContent: _sources, ...payload } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as {
      sourcesContent?: unknown;
    };
    return new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined; // no map beside it, or not one we can read: the frame stays as compiled
  }
}
