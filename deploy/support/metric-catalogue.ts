import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Metrics } from '@app/observability';
import type { MetricDefinition } from '@app/observability';
import { parsePrometheusText } from '@app/observability/testing/prometheus-text';

/** Every series name a scrape of the apps can hold, with the label names it can carry. */
export type MetricCatalogue = ReadonlyMap<string, ReadonlySet<string>>;

/** Labels Prometheus itself puts on every scraped series. */
export const TARGET_LABELS = ['job', 'instance'] as const;
/** The label every series of the apps carries (`Metrics.setService`). */
export const APP_LABEL = 'app';

const ROOT = join(__dirname, '..', '..');
const DEFINE_CALL = /\bdefine(?:Counter|Gauge|Histogram)\s*\(/g;
const DEFINITION_FILE = join(ROOT, 'libs/observability/src/metrics/metric-definition.ts');

/**
 * The metrics the code registers: every `defineCounter/Gauge/Histogram` exported by a source
 * module of `apps/` and `libs/` (found by reading the sources, then loading the modules that
 * call them), prom-client's default process and Node.js metrics, and Prometheus' own `up`.
 * A histogram counts as its `_bucket` (with `le`), `_sum` and `_count` series.
 */
export async function registeredMetrics(): Promise<MetricCatalogue> {
  const catalogue = new Map<string, Set<string>>();
  const add = (name: string, labels: readonly string[]) => {
    const known = catalogue.get(name) ?? new Set<string>();
    for (const label of [...labels, ...TARGET_LABELS]) known.add(label);
    catalogue.set(name, known);
  };

  for (const definition of codeDefinitions()) {
    const labels = [...definition.labelNames, APP_LABEL];
    if (definition.kind !== 'histogram') add(definition.name, labels);
    else {
      add(`${definition.name}_bucket`, [...labels, 'le']);
      add(`${definition.name}_sum`, labels);
      add(`${definition.name}_count`, labels);
    }
  }
  for (const [name, labels] of await defaultMetrics()) add(name, [...labels]);
  add('up', []);
  return catalogue;
}

/** The metric definitions exported by the modules that declare them, each once. */
export function codeDefinitions(): MetricDefinition[] {
  const found = new Map<string, MetricDefinition>();
  for (const file of sourceFiles()) {
    const declared = readFileSync(file, 'utf8').match(DEFINE_CALL)?.length ?? 0;
    if (declared === 0 || file === DEFINITION_FILE) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is only known at run time
    const exported = Object.values(require(file) as Record<string, unknown>).flatMap(definitionsIn);
    if (exported.length < declared) {
      throw new Error(
        `${relative(ROOT, file)} declares ${declared} metrics but exports ${exported.length}: export every metric definition so the dashboard check sees it`,
      );
    }
    for (const definition of exported) found.set(definition.name, definition);
  }
  return [...found.values()];
}

function definitionsIn(value: unknown): MetricDefinition[] {
  if (isDefinition(value)) return [value];
  if (value && typeof value === 'object') return Object.values(value).filter(isDefinition);
  return [];
}

function isDefinition(value: unknown): value is MetricDefinition {
  const candidate = value as Partial<MetricDefinition> | null;
  return (
    typeof candidate?.name === 'string' &&
    ['counter', 'gauge', 'histogram'].includes(candidate.kind as string) &&
    Array.isArray(candidate.labelNames)
  );
}

function sourceFiles(directory = ROOT, top = true): string[] {
  return readdirSync(directory).flatMap((entry) => {
    if (top && !['apps', 'libs'].includes(entry)) return [];
    if (entry === 'node_modules' || entry === 'testing') return [];
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path, false);
    return path.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path) && !path.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** prom-client's default metrics, as a scrape of a fresh registry shows them. */
async function defaultMetrics(): Promise<Map<string, Set<string>>> {
  const text = await new Metrics().scrape();
  const series = new Map<string, Set<string>>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const names = type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    for (const each of names) series.set(each, new Set(each.endsWith('_bucket') ? ['le'] : []));
  }
  for (const sample of parsePrometheusText(text)) {
    const labels = series.get(sample.name) ?? new Set<string>();
    for (const label of Object.keys(sample.labels)) labels.add(label);
    series.set(sample.name, labels);
  }
  for (const labels of series.values()) labels.add(APP_LABEL);
  return series;
}
