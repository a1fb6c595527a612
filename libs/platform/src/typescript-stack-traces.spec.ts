import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { mapStackTracesUnder } from './typescript-stack-traces';

/** A TypeScript file compiled with its source map beside it, as the build writes dist/. */
function compileFixture(dir: string, name: string, withMap: boolean): string {
  const source = [
    'interface Order {',
    '  id: string;',
    '}',
    '',
    'export function fail(order: Order): never {',
    '  throw new Error(`order ${order.id} failed`);',
    '}',
    '',
  ].join('\n');
  const output = transformSync(source, {
    filename: `${name}.ts`,
    sourceMaps: true,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const file = join(dir, `${name}.js`);
  writeFileSync(file, `${output.code}\n//# sourceMappingURL=${name}.js.map\n`);
  if (withMap) writeFileSync(`${file}.map`, output.map ?? '');
  return file;
}

function stackOf(file: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled fixture is loaded at run time
  const { fail } = require(file) as { fail: (order: { id: string }) => never };
  try {
    fail({ id: 'o-1' });
  } catch (error) {
    return (error as Error).stack ?? '';
  }
  throw new Error('the fixture did not throw');
}

describe('mapStackTracesUnder', () => {
  let dir: string;
  let undo: (() => void) | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-traces-'));
  });

  afterEach(() => {
    undo?.();
    undo = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a frame of a compiled file under the root at its TypeScript line and column', () => {
    const file = compileFixture(dir, 'orders', true);
    undo = mapStackTracesUnder(dir);

    const lines = stackOf(file).split('\n');

    expect(lines[0]).toBe('Error: order o-1 failed');
    expect(lines[1]).toMatch(/^ {4}at fail \(.*\/orders\.ts:6:9\)$/);
    expect(lines[1]).toContain(join(dir, 'orders.ts'));
  });

  it('leaves frames of files outside the root, or without a map, as compiled', () => {
    const unmapped = compileFixture(dir, 'no-map', false);
    const elsewhere = compileFixture(dir, 'elsewhere', true);
    undo = mapStackTracesUnder(join(dir, 'other-root'));
    const outside = stackOf(elsewhere);
    undo();
    undo = mapStackTracesUnder(dir);
    const withoutMap = stackOf(unmapped);

    expect(outside.split('\n')[1]).toContain(`${elsewhere}:`);
    expect(withoutMap.split('\n')[1]).toContain(`${unmapped}:`);
  });

  it('puts back the stack formatting it replaced', () => {
    const before = Error.prepareStackTrace;
    mapStackTracesUnder(dir)();

    expect(Error.prepareStackTrace).toBe(before);
  });
});
