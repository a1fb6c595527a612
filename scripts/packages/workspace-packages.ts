import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One npm workspace of the monorepo, as published. */
export interface WorkspacePackage {
  /** Folder relative to the repository root, e.g. `libs/saga-core`. */
  dir: string;
  /** Published name, e.g. `@saga-orchestrator/saga-core`. */
  name: string;
  version: string;
  /** The tsconfig path alias the monorepo's code imports it by, e.g. `@app/saga-core`. */
  alias: string;
  /** What its package.json lets it import: dependencies and peer dependencies. */
  declared: ReadonlySet<string>;
}

interface Manifest {
  name?: string;
  version?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** The root package.json's workspaces, each after the workspaces it depends on. */
export function readWorkspacePackages(root: string): WorkspacePackage[] {
  const rootManifest = readManifest(join(root, 'package.json'));
  const packages = (rootManifest.workspaces ?? []).map((dir): WorkspacePackage => {
    const manifest = readManifest(join(root, dir, 'package.json'));
    if (!manifest.name || !manifest.version)
      throw new Error(`${dir}/package.json needs a name and a version`);
    return {
      dir,
      name: manifest.name,
      version: manifest.version,
      alias: `@app/${basename(dir)}`,
      declared: new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]),
    };
  });
  return inDependencyOrder(packages);
}

/**
 * Dependencies first, so a package compiles against its workspace dependencies' declarations;
 * otherwise in the order given. A cycle cannot be built this way and is refused.
 */
export function inDependencyOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered: WorkspacePackage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (pkg: WorkspacePackage, path: string[]): void => {
    if (state.get(pkg.name) === 'done') return;
    if (state.get(pkg.name) === 'visiting')
      throw new Error(
        `workspace packages depend on each other in a cycle: ${[...path, pkg.name].join(' → ')}`,
      );
    state.set(pkg.name, 'visiting');
    for (const dependency of pkg.declared) {
      const workspace = byName.get(dependency);
      if (workspace) visit(workspace, [...path, pkg.name]);
    }
    state.set(pkg.name, 'done');
    ordered.push(pkg);
  };
  for (const pkg of packages) visit(pkg, []);
  return ordered;
}

function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}
