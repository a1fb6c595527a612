import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NAMES, loadConfig } from '@app/config';

/** No Docker engine runs here: these checks read what `docker compose up` at the root would. */
const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  expose?: string[];
}

const composeText = read('compose.yaml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

/** `NAME=value` lines of .env.example. */
const envExample: Record<string, string> = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

/** Every `${NAME…}` compose interpolates: its operator (`:-` default, `:?` required) and word. */
const interpolations = [...composeText.matchAll(/(?<!\$)\$\{(\w+)(?::([-?])([^}]*))?\}/g)].map(
  ([, name, operator, word]) => ({ name, operator, word }),
);

/** compose.yaml as compose would interpolate it with only `shell` set (no .env file). */
function interpolate(shell: Record<string, string>): string {
  return composeText.replace(
    /\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (match, name: string, operator?: string, word?: string) => {
      // `$$` is compose's escaped dollar, left for the container's shell.
      if (match === '$$') return '$';
      if (shell[name] !== undefined) return shell[name];
      if (operator === '-') return word ?? '';
      throw new Error(`required variable ${name} is missing a value: ${word}`);
    },
  );
}

describe('.env.example', () => {
  it('lists every variable compose.yaml reads, and no other', () => {
    expect(Object.keys(envExample).sort()).toEqual(
      [...new Set(interpolations.map(({ name }) => name))].sort(),
    );
  });

  it('requires only ADMIN_TOKEN; every other variable has a default that .env.example repeats', () => {
    for (const { name, operator, word } of interpolations) {
      if (name === 'ADMIN_TOKEN') {
        expect(operator).toBe('?');
        continue;
      }
      expect({ name, operator }).toEqual({ name, operator: '-' });
      expect({ name, value: envExample[name] }).toEqual({ name, value: word });
    }
  });

  it('gives an ADMIN_TOKEN the apps accept in production', () => {
    const config = loadConfig('orchestrator', {
      NODE_ENV: 'production',
      ADMIN_TOKEN: envExample.ADMIN_TOKEN,
    });
    expect(config.adminToken).toBe(envExample.ADMIN_TOKEN);
  });

  it('is the documented way to configure compose, and .env itself is never committed', () => {
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('compose.yaml without a .env file', () => {
  it('starts with ADMIN_TOKEN alone', () => {
    expect(() => parse(interpolate({ ADMIN_TOKEN: 'a-secret-of-sixteen-chars' }))).not.toThrow();
  });

  it('says which variable is required, and where its example is', () => {
    expect(() => interpolate({})).toThrow(
      'required variable ADMIN_TOKEN is missing a value: set ADMIN_TOKEN to a secret of at least 16 characters (see .env.example)',
    );
  });
});

describe('the observability profile', () => {
  const ports = loadConfig('gateway', {}).ports;

  it('runs Prometheus, Grafana and Jaeger only in that profile', () => {
    for (const name of ['prometheus', 'grafana', 'jaeger'])
      expect(services[name].profiles).toEqual(['observability']);
  });

  it('has Prometheus scrape /metrics of every app on the port it listens on', () => {
    expect(services.prometheus.volumes).toContain(
      './docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const prometheus = parse(read('docker/prometheus/prometheus.yml')) as {
      scrape_configs: {
        metrics_path: string;
        static_configs: { targets: string[]; labels: { app: string } }[];
      }[];
    };
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.map(({ targets: [target], labels }) => ({
        target,
        app: labels.app,
        path: job.metrics_path,
      })),
    );
    expect(targets).toEqual(
      SERVICE_NAMES.map((app) => ({ target: `${app}:${ports[app]}`, app, path: '/metrics' })),
    );
    for (const app of SERVICE_NAMES) expect(services[app].environment?.PORT).toBe(String(ports[app]));
  });

  it('has Prometheus load the alert rules shipped in deploy/prometheus', () => {
    expect(services.prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus/rules:ro');
    const prometheus = parse(read('docker/prometheus/prometheus.yml')) as { rule_files: string[] };
    expect(prometheus.rule_files).toContain('/etc/prometheus/rules/*.yml');
  });

  it('has Grafana provision every dashboard in deploy/grafana, over a Prometheus data source', () => {
    expect(services.grafana.volumes).toEqual(
      expect.arrayContaining([
        './docker/grafana/provisioning:/etc/grafana/provisioning:ro',
        './deploy/grafana:/etc/grafana/dashboards:ro',
      ]),
    );
    const dashboards = parse(read('docker/grafana/provisioning/dashboards/dashboards.yaml')) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(dashboards.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/etc/grafana/dashboards' }),
      }),
    ]);
    const datasources = parse(read('docker/grafana/provisioning/datasources/datasources.yaml')) as {
      datasources: { type: string; url: string; isDefault?: boolean }[];
    };
    expect(datasources.datasources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
        expect.objectContaining({ type: 'jaeger', url: 'http://jaeger:16686' }),
      ]),
    );
  });

  it('has the apps send their spans over OTLP/HTTP to the Jaeger all-in-one', () => {
    expect(services.jaeger.image).toMatch(/^jaegertracing\/all-in-one:/);
    expect(services.jaeger.environment?.COLLECTOR_OTLP_ENABLED).toBe('true');
    expect(services.jaeger.expose).toContain('4318');
    const env = parse(interpolate({ ADMIN_TOKEN: 'a-secret-of-sixteen-chars' }), {
      merge: true,
    }) as typeof compose;
    for (const app of SERVICE_NAMES) {
      expect(env.services[app].environment).toMatchObject({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      });
    }
  });

  it('mounts only files of this repository that exist', () => {
    for (const name of ['prometheus', 'grafana']) {
      const hostPaths = (services[name].volumes ?? []).map((volume) => volume.split(':')[0]);
      for (const path of hostPaths.filter((path) => path.startsWith('./docker/'))) {
        expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
      }
    }
  });
});
