import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES, loadConfig } from '@app/config';
import { APP_NODE_FLAGS } from './lib/apps';

/** No Docker engine runs here: these checks read the files an image build and `compose up` would use. */
const ROOT = join(__dirname, '..');
const DOCKER = join(ROOT, 'docker');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  profiles?: string[];
  ports?: string[];
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(read('compose.yaml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const NATS_NODES = ['nats-1', 'nats-2', 'nats-3'];
const PARTICIPANTS = ['order', 'payment', 'inventory', 'shipping'];
const OBSERVABILITY = ['prometheus', 'grafana', 'jaeger'];

/** The value following `flag` in a command line. */
function argument(command: string[] | undefined, flag: string): string | undefined {
  const index = command?.indexOf(flag) ?? -1;
  return index < 0 ? undefined : command?.[index + 1];
}

/** The environment as `docker compose` hands it over, given the shell's `shell` variables. */
function interpolated(env: Record<string, string>, shell: Record<string, string>): NodeJS.ProcessEnv {
  const substitute = (value: string) =>
    value.replace(
      /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
      (_match, name: string, operator?: string, word?: string) => {
        if (shell[name] !== undefined) return shell[name];
        if (operator === '-') return word ?? '';
        throw new Error(`compose would refuse to start: ${name} is not set (${word})`);
      },
    );
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, substitute(String(value))]));
}

describe('compose.yaml (at the root, where `docker compose up` looks)', () => {
  it('runs PostgreSQL, three NATS nodes and the six apps, plus an observability profile', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['postgres', ...NATS_NODES, ...SERVICE_NAMES, ...OBSERVABILITY].sort(),
    );
    const profiled = Object.keys(services).filter((name) => services[name].profiles !== undefined);
    expect(profiled.sort()).toEqual([...OBSERVABILITY].sort());
    for (const name of OBSERVABILITY) expect(services[name].profiles).toEqual(['observability']);
  });

  it('gives PostgreSQL a volume and a health check', () => {
    expect(services.postgres.volumes).toEqual([expect.stringMatching(/:\/var\/lib\/postgresql\/data$/)]);
    expect(services.postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  describe.each(NATS_NODES)('%s', (node) => {
    const command = services[node].command;

    it('joins one cluster with routes to the two other nodes', () => {
      expect(argument(command, '--name')).toBe(node);
      expect(argument(command, '--cluster_name')).toBe('saga');
      expect(argument(command, '--cluster')).toBe('nats://0.0.0.0:6222');
      const routes = argument(command, '--routes')?.split(',') ?? [];
      expect(routes.sort()).toEqual(
        NATS_NODES.filter((other) => other !== node).map((other) => `nats://${other}:6222`),
      );
    });

    it('enables JetStream on its own volume, and checks JetStream health', () => {
      expect(command).toContain('-js');
      const storeDir = argument(command, '-sd');
      const [volume, mountedAt] = services[node].volumes?.[0]?.split(':') ?? [];
      expect(mountedAt).toBe(storeDir);
      expect(compose.volumes).toHaveProperty(volume);
      expect(argument(command, '-m')).toBe('8222');
      expect(services[node].healthcheck?.test.join(' ')).toContain(
        'http://127.0.0.1:8222/healthz?js-enabled-only=true',
      );
    });
  });

  describe.each([...SERVICE_NAMES])('the %s app', (app) => {
    const service = services[app];
    const env = service.environment ?? {};

    it('is built from docker/Dockerfile and names its app as the command', () => {
      expect(service.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile' });
      expect(existsSync(join(ROOT, service.build?.context ?? '', service.build?.dockerfile ?? ''))).toBe(
        true,
      );
      expect(service.command).toEqual([app]);
    });

    it('connects to all three NATS nodes, with 3 replicas per stream, in production mode', () => {
      expect(env.NATS_URL.split(',').sort()).toEqual(NATS_NODES.map((node) => `nats://${node}:4222`));
      expect(env.NATS_STREAM_REPLICAS).toBe('3');
      expect(env.NODE_ENV).toBe('production');
      expect(env.ADMIN_TOKEN).toMatch(/^\$\{ADMIN_TOKEN:\?/);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    });

    it("passes the app's own configuration check, listening on the port compose names", () => {
      const config = loadConfig(app, interpolated(env, { ADMIN_TOKEN: 'a-secret-of-sixteen-chars' }));
      expect(config.nats.streamReplicas).toBe(3);
      expect(String(config.port)).toBe(env.PORT);
    });

    it('checks its readiness on the port it listens on', () => {
      const port = env[`${app.toUpperCase()}_PORT`];
      expect(env.PORT).toBe(port);
      expect(service.healthcheck?.test).toEqual([
        'CMD-SHELL',
        'curl -fsS http://127.0.0.1:$${PORT}/health/ready || exit 1',
      ]);
    });

    it('starts only after PostgreSQL and every NATS node are healthy', () => {
      expect(service.depends_on).toEqual(
        Object.fromEntries(
          ['postgres', ...NATS_NODES].map((name) => [name, { condition: 'service_healthy' }]),
        ),
      );
    });

    it(`runs ${PARTICIPANTS.includes(app) ? 'as web and worker' : 'without ROLE (always all)'}`, () => {
      expect(env.ROLE).toBe(PARTICIPANTS.includes(app) ? 'all' : undefined);
    });
  });

  it('gives each app its own port', () => {
    const ports = SERVICE_NAMES.map((app) => services[app].environment?.PORT);
    expect(new Set(ports).size).toBe(SERVICE_NAMES.length);
  });
});

describe('docker/Dockerfile', () => {
  it('builds and runs on Node 22 LTS', () => {
    expect([...read('docker/Dockerfile').matchAll(/^FROM (\S+)/gm)].map((match) => match[1])).toEqual([
      'node:22-bookworm-slim',
      'node:22-bookworm-slim',
    ]);
  });

  const dockerfile = read('docker/Dockerfile');
  const instructions = dockerfile
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]);
  const copies = instructions.filter((line) => line.startsWith('COPY ') && !line.includes('--from='));

  it('builds in a build stage and runs from a runtime stage that copies only from it', () => {
    expect(stages).toEqual(['build', 'runtime']);
    const fromStages = [...dockerfile.matchAll(/COPY --from=(\S+)/g)].map((match) => match[1]);
    expect(new Set(fromStages)).toEqual(new Set(['build']));
  });

  it('copies only files that exist, including every folder the build script compiles', () => {
    const sources = copies.flatMap((line) =>
      line
        .split(/\s+/)
        .slice(1, -1)
        .filter((part) => !part.startsWith('--')),
    );
    for (const source of sources) expect(existsSync(join(ROOT, source))).toBe(true);
    const build = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.build;
    const compiled = build
      .match(/^swc ((?:\w+ )+)-d dist /)?.[1]
      .trim()
      .split(' ');
    expect(compiled).toEqual(['apps', 'libs', 'migrations']);
    for (const folder of compiled ?? []) expect(sources).toContain(folder);
  });

  it('defaults APP to an app the entrypoint knows, and runs the entrypoint it installs under tini', () => {
    expect(SERVICE_NAMES).toContain(dockerfile.match(/^ARG APP=(\S+)$/m)?.[1]);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production APP=\$\{APP\}$/m);
    expect(dockerfile).toContain('COPY docker/entrypoint.sh /usr/local/bin/saga-entrypoint');
    expect(dockerfile).toContain('RUN chmod 0755 /usr/local/bin/saga-entrypoint');
    expect(dockerfile).toMatch(/apt-get install .*\btini\b.*\bcurl\b/);
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/saga-entrypoint"]');
    expect(dockerfile).toMatch(/^WORKDIR \/srv$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});

describe('docker/entrypoint.sh', () => {
  const entrypoint = join(DOCKER, 'entrypoint.sh');
  let bin: string;

  beforeAll(() => {
    // A stand-in `node` that prints what it was asked to run.
    bin = mkdtempSync(join(tmpdir(), 'entrypoint-'));
    writeFileSync(join(bin, 'node'), '#!/bin/sh\necho "node $*"\n', { mode: 0o755 });
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  // The image runs each app with the V8 flags `npm start` uses.
  const nodeFlags = APP_NODE_FLAGS.map((flag) => `${flag} `).join('');
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(entrypoint, args, { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });

  it('is executable', () => {
    expect(() => accessSync(entrypoint, constants.X_OK)).not.toThrow();
  });

  it.each([...SERVICE_NAMES])('runs the compiled main of %s, where `npm run build` puts it', (app) => {
    const result = run([app]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(`node ${nodeFlags}dist/apps/${app}/src/main.js`);
    expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    const startScript = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[
      `start:${app}`
    ];
    expect(startScript).toContain(`node dist/apps/${app}/src/main.js`);
  });

  it('falls back to $APP without an argument', () => {
    expect(run([], { APP: 'payment' }).stdout.trim()).toBe(`node ${nodeFlags}dist/apps/payment/src/main.js`);
  });

  it.each([
    ['an unknown app', ['billing'], {}],
    ['a path instead of a name', ['../../etc/passwd'], {}],
    ['no app at all', [], {}],
  ])('refuses %s with exit code 64', (_case, args, env) => {
    const result = run(args, env);
    expect(result.status).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('use gateway, orchestrator, order, payment, inventory or shipping');
  });
});
