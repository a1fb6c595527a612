import ts from 'typescript';
import { aliasRewriter } from './alias-rewriter';

const aliases = new Map([
  ['@app/backoff', '@acme/backoff'],
  ['@app/contracts', '@acme/contracts'],
]);

/** Compiles `source` in memory as the package build does; returns the emitted JS and declaration. */
function compile(source: string): { js: string; dts: string; used: string[] } {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    declaration: true,
    strict: true,
    noResolve: true,
    noLib: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === '/src/entry.ts' ? source : readFile(name));
  host.fileExists = (name) => name === '/src/entry.ts';
  const output: Record<string, string> = {};
  host.writeFile = (name, text) => {
    output[name.endsWith('.d.ts') ? 'dts' : 'js'] = text;
  };
  const used = new Set<string>();
  const rewriter = aliasRewriter(aliases, used);
  ts.createProgram(['/src/entry.ts'], options, host).emit(undefined, undefined, undefined, false, {
    after: [rewriter as ts.TransformerFactory<ts.SourceFile>],
    afterDeclarations: [rewriter],
  });
  return { js: output.js, dts: output.dts, used: [...used].sort() };
}

describe('aliasRewriter', () => {
  it('rewrites the require of a value import and keeps type-only imports out of the JavaScript', () => {
    const { js, used } = compile(
      "import { backoffDelayMs } from '@app/backoff';\n" +
        "import type { MessageContract } from '@app/contracts';\n" +
        'export const delay = backoffDelayMs;\n' +
        'export type C = MessageContract;\n',
    );
    expect(js).toContain('require("@acme/backoff")');
    expect(js).not.toContain('@app/');
    expect(js).not.toContain('contracts');
    expect(used).toEqual(['@acme/backoff', '@acme/contracts']);
  });

  it('rewrites imports, re-exports and import() types in declarations', () => {
    const { dts } = compile(
      "import type { MessageContract } from '@app/contracts';\n" +
        "export * from '@app/backoff';\n" +
        "export { type Backoff as Delay } from '@app/backoff';\n" +
        'export declare const contract: MessageContract;\n' +
        "export type Later = import('@app/contracts').MessageContract<{ id: string }>;\n",
    );
    expect(dts).toContain('from "@acme/contracts"');
    expect(dts).toContain('export * from "@acme/backoff"');
    expect(dts).toContain('export { type Backoff as Delay } from "@acme/backoff"');
    expect(dts).toContain('import("@acme/contracts").MessageContract<{');
    expect(dts).not.toContain('@app/');
  });

  it('rewrites a dynamic import and leaves relative, third-party and unknown specifiers alone', () => {
    const { js, used } = compile(
      "export const load = () => import('@app/contracts');\n" +
        "export * from './local';\n" +
        "export * from 'class-validator';\n" +
        "export * from '@app/messaging';\n",
    );
    expect(js).toContain('"@acme/contracts"');
    expect(js).toContain('require("./local")');
    expect(js).toContain('require("class-validator")');
    expect(js).toContain('require("@app/messaging")');
    expect(used).toEqual(['@acme/contracts']);
  });
});
