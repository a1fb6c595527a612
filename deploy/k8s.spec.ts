import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NAMES, ServiceName, loadConfig } from '@app/config';

/** No cluster runs here: these checks read the manifests `kubectl apply -k deploy/k8s` would apply. */
const ROOT = join(__dirname, '..');
const K8S = join(__dirname, 'k8s');
const PARTICIPANTS: readonly string[] = ['order', 'payment', 'inventory', 'shipping'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own spec
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const files = readdirSync(K8S).filter((file) => file.endsWith('.yaml'));
const manifests: Manifest[] = files
  .filter((file) => file !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((doc) => doc.toJS() as Manifest),
  );
const find = (kind: string, name: string) =>
  manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
const configMap = find('ConfigMap', 'saga-config');
const secret = find('Secret', 'saga-secrets');

const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image: string; environment: Record<string, string> }>;
};
const contractPorts = loadConfig('gateway', {}).ports;
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('deploy/k8s/kustomization.yaml', () => {
  it('applies every manifest in the folder', () => {
    const kustomization = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    expect([...kustomization.resources].sort()).toEqual(
      files.filter((file) => file !== 'kustomization.yaml').sort(),
    );
  });
});

describe('deploy/k8s configuration', () => {
  it('has a ConfigMap and a Secret every Deployment reads', () => {
    expect(configMap?.data).toBeDefined();
    expect(secret?.stringData).toHaveProperty('ADMIN_TOKEN');
    expect(secret?.stringData).toHaveProperty('DATABASE_URL');
  });
});

describe.each([...SERVICE_NAMES])('deploy/k8s: %s', (app: ServiceName) => {
  const deployment = find('Deployment', app);
  const pod = deployment?.spec.template;
  const container = pod?.spec.containers[0];
  const env: Record<string, string> = Object.fromEntries(
    (container?.env ?? []).map(({ name, value }: { name: string; value: string }) => [name, value]),
  );
  const podLabels: Record<string, string> = pod?.metadata.labels ?? {};

  it('runs the compose image with its app as the argument, on the contract port', () => {
    expect(container.image).toBe(compose.services[app].image.replace(/^\$\{SAGA_IMAGE:-(.*)\}$/, '$1'));
    expect(container.args).toEqual([app]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: contractPorts[app] }]);
    expect(env.PORT).toBe(String(contractPorts[app]));
    expect(env[`${app.toUpperCase()}_PORT`]).toBe(String(contractPorts[app]));
    expect(compose.services[app].environment.PORT).toBe(env.PORT);
  });

  it('has the same variables as in compose, from the ConfigMap, the Secret and its own env', () => {
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'saga-config' } },
      { secretRef: { name: 'saga-secrets' } },
    ]);
    const names = [
      ...Object.keys(configMap?.data ?? {}),
      ...Object.keys(secret?.stringData ?? {}),
      ...Object.keys(env),
    ];
    expect(names.sort()).toEqual(Object.keys(compose.services[app].environment).sort());
    expect(env.ROLE).toBe(PARTICIPANTS.includes(app) ? 'all' : undefined);
  });

  it("passes the app's own configuration check, listening on its port", () => {
    const config = loadConfig(app, { ...configMap?.data, ...secret?.stringData, ...env });
    expect(config.port).toBe(contractPorts[app]);
    expect(config.nats.streamReplicas).toBe(Number(configMap?.data?.NATS_STREAM_REPLICAS));
  });

  it('probes readiness on /health/ready and liveness on /health/live', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
  });

  it('sleeps in preStop as long as the drain, and is given time for both plus closing', () => {
    const [command, seconds] = container.lifecycle.preStop.exec.command as string[];
    expect(command).toBe('sleep');
    const drainMs = Number(configMap?.data?.SHUTDOWN_DRAIN_DELAY_MS);
    expect(Number(seconds) * 1000).toBe(drainMs);
    // docs/operations.md: grace period ≥ drain + 20 s, and a preStop sleep adds to it.
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      Number(seconds) + drainMs / 1000 + 20,
    );
  });

  it('is reached through a Service on its named port', () => {
    const service = find('Service', app);
    expect(matches(service?.spec.selector, podLabels)).toBe(true);
    expect(matches(deployment?.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(service?.spec.ports).toEqual([{ name: 'http', port: contractPorts[app], targetPort: 'http' }]);
  });

  it('keeps a pod running through voluntary disruptions', () => {
    const budget = find('PodDisruptionBudget', app);
    expect(budget?.apiVersion).toBe('policy/v1');
    expect(matches(budget?.spec.selector.matchLabels, podLabels)).toBe(true);
    expect(budget?.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(budget?.spec.minAvailable).toBeLessThan(deployment?.spec.replicas);
  });

  it("is scraped on /metrics by the ServiceMonitor through its Service's port", () => {
    const monitor = find('ServiceMonitor', 'saga-orchestrator');
    expect(monitor?.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(matches(monitor?.spec.selector.matchLabels, find('Service', app)?.metadata.labels)).toBe(true);
    expect(monitor?.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
  });
});
