import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { aliasRewriter } from './alias-rewriter';
import type { WorkspacePackage } from './workspace-packages';

export interface CompileOutcome {
  /** Files written, relative to the repository root. */
  emitted: string[];
  /** One line per reason the package is not publishable; empty when it is. */
  problems: string[];
}

/** A quoted `@app/…` specifier, which only the monorepo's tsconfig paths resolve. */
const MONOREPO_ALIAS = /(["'])@app\/[^"']*\1/;

/**
 * Compiles one workspace package with its `tsconfig.build.json` into its `dist` (emptied first),
 * JavaScript and declarations, with the monorepo aliases of its workspace dependencies rewritten
 * to their package names. Nothing is written when the sources do not type-check.
 */
export function compilePackage(
  root: string,
  pkg: WorkspacePackage,
  aliases: ReadonlyMap<string, string>,
  parsedOnce: Map<string, ts.SourceFile> = new Map(),
): CompileOutcome {
  const dir = join(root, pkg.dir);
  const configPath = join(dir, 'tsconfig.build.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) return { emitted: [], problems: [describe(config.error, root)] };
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir, undefined, configPath);
  if (parsed.errors.length > 0) return { emitted: [], problems: parsed.errors.map((d) => describe(d, root)) };
  if (!parsed.options.outDir)
    return { emitted: [], problems: [`${relative(root, configPath)} sets no outDir`] };

  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host: hostSharing(parsedOnce, parsed.options),
  });
  const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) return { emitted: [], problems: errors.map((d) => describe(d, root)) };

  rmSync(parsed.options.outDir, { recursive: true, force: true });
  const used = new Set<string>();
  const rewriter = aliasRewriter(aliases, used);
  const emitted: string[] = [];
  const problems: string[] = [];
  const result = program.emit(
    undefined,
    (fileName, text, writeByteOrderMark) => {
      const file = relative(root, fileName);
      if (MONOREPO_ALIAS.test(text))
        problems.push(
          `${file} still imports ${text.match(MONOREPO_ALIAS)?.[0]} (only workspace packages are rewritten to their names)`,
        );
      ts.sys.writeFile(fileName, text, writeByteOrderMark);
      emitted.push(file);
    },
    undefined,
    false,
    { after: [rewriter as ts.TransformerFactory<ts.SourceFile>], afterDeclarations: [rewriter] },
  );
  problems.push(...result.diagnostics.map((d) => describe(d, root)));
  for (const name of [...used].sort())
    if (!pkg.declared.has(name))
      problems.push(`${pkg.name} imports ${name}, which its package.json does not declare`);
  return { emitted, problems };
}

/**
 * A compiler host that parses each file under node_modules (TypeScript's lib files, @types/node,
 * class-validator…) once for all the packages of a build: they do not change between them, and
 * parsing them is most of each package's compile time. The packages' own files are read afresh.
 */
function hostSharing(parsedOnce: Map<string, ts.SourceFile>, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreateNewSourceFile) => {
    if (!fileName.includes('/node_modules/'))
      return parse(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    const key = `${JSON.stringify(languageVersion)}\0${fileName}`;
    const cached = parsedOnce.get(key);
    if (cached) return cached;
    const parsed = parse(fileName, languageVersion, onError, shouldCreateNewSourceFile);
    if (parsed) parsedOnce.set(key, parsed);
    return parsed;
  };
  return host;
}

function describe(diagnostic: ts.Diagnostic, root: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${relative(root, diagnostic.file.fileName)}(${line + 1},${character + 1}): ${message}`;
}
