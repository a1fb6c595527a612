import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@app/config';
import { BuildIfStaleOptions, buildIfStale } from './build-if-stale';
import { sourceFingerprint } from './source-fingerprint';

describe('buildIfStale', () => {
  let root: string;
  let builds: number;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
    mkdirSync(join(root, 'apps', 'a'), { recursive: true });
    writeFileSync(join(root, 'apps', 'a', 'main.ts'), 'export const a = 1;\n');
    builds = 0;
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function options(build: () => Promise<number> = async () => 0): BuildIfStaleOptions {
    return {
      stampFile: join(root, 'dist', '.build-stamp'),
      lockFile: join(root, 'dist', '.build'),
      fingerprint: () => sourceFingerprint(root, ['apps'], 'swc apps -d dist'),
      build: () => {
        builds += 1;
        return build();
      },
    };
  }

  it('builds the first time, then not again while the sources are unchanged', async () => {
    expect(await buildIfStale(options())).toEqual({ built: true, exitCode: 0 });
    expect(await buildIfStale(options())).toEqual({ built: false, exitCode: 0 });
    expect(builds).toBe(1);
  });

  it('builds again after a source file is edited or added', async () => {
    await buildIfStale(options());
    writeFileSync(join(root, 'apps', 'a', 'main.ts'), 'export const a = 2;\n');
    expect(await buildIfStale(options())).toEqual({ built: true, exitCode: 0 });
    writeFileSync(join(root, 'apps', 'a', 'other.ts'), 'export {};\n');
    expect(await buildIfStale(options())).toEqual({ built: true, exitCode: 0 });
    expect(builds).toBe(3);
  });

  it('does not rebuild for a test file, which the build leaves out', async () => {
    await buildIfStale(options());
    writeFileSync(join(root, 'apps', 'a', 'main.spec.ts'), 'it("x", () => undefined);\n');
    writeFileSync(join(root, 'apps', 'a', 'main.int-spec.ts'), 'it("y", () => undefined);\n');
    expect(await buildIfStale(options())).toEqual({ built: false, exitCode: 0 });
  });

  it('keeps no stamp after a failed build, so the next start tries again', async () => {
    expect(await buildIfStale(options(async () => 2))).toEqual({ built: true, exitCode: 2 });
    expect(await buildIfStale(options())).toEqual({ built: true, exitCode: 0 });
    expect(builds).toBe(2);
  });

  it('builds once when six starts ask at the same time', async () => {
    let finishBuild: (code: number) => void = () => undefined;
    let buildStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (buildStarted = resolve));
    const slowBuild = () =>
      new Promise<number>((resolve) => {
        finishBuild = resolve;
        buildStarted();
      });
    const starts = Array.from({ length: 6 }, () => buildIfStale(options(slowBuild)));
    await started;
    finishBuild(0);

    const outcomes = await Promise.all(starts);
    expect(builds).toBe(1);
    expect(outcomes.filter((outcome) => outcome.built)).toHaveLength(1);
    expect(outcomes.every((outcome) => outcome.exitCode === 0)).toBe(true);
    expect(readFileSync(join(root, 'dist', '.build-stamp'), 'utf8').trim()).toBe(options().fingerprint());
  });

  it('has every start:<app> script build this way before running its app', () => {
    const scripts = (
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const app of SERVICE_NAMES) {
      expect(scripts[`start:${app}`]).toBe(
        `tsx scripts/build-if-stale.ts && node dist/apps/${app}/src/main.js`,
      );
    }
  });

  it('rebuilds when the build command changes', async () => {
    await buildIfStale(options());
    const changed = {
      ...options(),
      fingerprint: () => sourceFingerprint(root, ['apps'], 'swc apps libs -d dist'),
    };
    expect(await buildIfStale(changed)).toEqual({ built: true, exitCode: 0 });
  });
});
