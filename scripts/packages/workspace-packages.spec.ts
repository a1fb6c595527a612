import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inDependencyOrder, readWorkspacePackages, type WorkspacePackage } from './workspace-packages';

const pkg = (name: string, ...declared: string[]): WorkspacePackage => ({
  dir: `libs/${name}`,
  name: `@acme/${name}`,
  version: '1.0.0',
  alias: `@app/${name}`,
  declared: new Set(declared),
});

describe('inDependencyOrder', () => {
  it('puts every workspace after the workspaces it depends on, keeping the given order otherwise', () => {
    const ordered = inDependencyOrder([
      pkg('testing', '@acme/core'),
      pkg('core', '@acme/contracts', '@acme/backoff', 'class-validator'),
      pkg('backoff'),
      pkg('contracts', 'ajv'),
    ]);
    expect(ordered.map((p) => p.name)).toEqual([
      '@acme/contracts',
      '@acme/backoff',
      '@acme/core',
      '@acme/testing',
    ]);
  });

  it('refuses a cycle, naming it', () => {
    expect(() => inDependencyOrder([pkg('a', '@acme/b'), pkg('b', '@acme/a')])).toThrow(
      'in a cycle: @acme/a → @acme/b → @acme/a',
    );
  });
});

describe('readWorkspacePackages', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'workspaces-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (path: string, manifest: object) => {
    mkdirSync(join(root, path), { recursive: true });
    writeFileSync(join(root, path, 'package.json'), JSON.stringify(manifest));
  };

  it('reads names, versions, aliases and declared dependencies from the manifests', () => {
    write('.', { name: 'root', workspaces: ['libs/core', 'libs/contracts'] });
    write('libs/core', {
      name: '@acme/core',
      version: '0.2.0',
      dependencies: { '@acme/contracts': '0.2.0' },
      peerDependencies: { 'class-validator': '^0.15.0' },
    });
    write('libs/contracts', { name: '@acme/contracts', version: '0.2.0' });
    expect(readWorkspacePackages(root)).toEqual([
      {
        dir: 'libs/contracts',
        name: '@acme/contracts',
        version: '0.2.0',
        alias: '@app/contracts',
        declared: new Set(),
      },
      {
        dir: 'libs/core',
        name: '@acme/core',
        version: '0.2.0',
        alias: '@app/core',
        declared: new Set(['@acme/contracts', 'class-validator']),
      },
    ]);
  });

  it('refuses a workspace without a name or a version', () => {
    write('.', { name: 'root', workspaces: ['libs/core'] });
    write('libs/core', { name: '@acme/core' });
    expect(() => readWorkspacePackages(root)).toThrow('libs/core/package.json needs a name and a version');
  });
});
