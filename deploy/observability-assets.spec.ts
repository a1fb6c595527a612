import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PlatformMetrics } from '@app/observability';
import { MetricCatalogue, codeDefinitions, registeredMetrics } from './support/metric-catalogue';
import { checkPromql } from './support/promql-check';

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface AlertRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; rules: AlertRule[] }>;
}

interface GrafanaTarget {
  expr: string;
  legendFormat?: string;
  refId: string;
  datasource?: { type: string; uid: string };
}
interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: GrafanaTarget[];
}
interface GrafanaVariable {
  name: string;
  type: string;
  query: string | { query: string };
}
interface GrafanaDashboard {
  uid: string;
  title: string;
  panels: GrafanaPanel[];
  templating: { list: GrafanaVariable[] };
}

/** Grafana's own variables, replaced as Grafana would before the query reaches Prometheus. */
const GRAFANA_INTERVALS: Record<string, string> = { __rate_interval: '5m', __interval: '1m', __range: '1h' };

/** A panel's query as Prometheus receives it: `$__rate_interval` and friends become durations. */
function asPrometheusQuery(expr: string): string {
  return expr.replace(
    /\$(__rate_interval|__interval|__range)\b/g,
    (_, name: string) => GRAFANA_INTERVALS[name],
  );
}

/** `{{ $labels.x }}` in an alert annotation, `{{x}}` in a legend. */
const templateLabels = (text: string, pattern: RegExp) =>
  [...text.matchAll(pattern)].map((match) => match[1]);

describe('the shipped Prometheus rules and Grafana dashboard use only metrics and labels the code registers', () => {
  let catalogue: MetricCatalogue;
  const rules = parse(read('deploy/prometheus/alerts.yaml')) as RuleFile;
  const dashboard = JSON.parse(read('deploy/grafana/saga-orchestrator.json')) as GrafanaDashboard;
  const alerts = rules.groups.flatMap((group) => group.rules);
  const queries = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ panel, target, expr: asPrometheusQuery(target.expr) })),
  );

  beforeAll(async () => {
    catalogue = await registeredMetrics();
  });

  it('finds the metrics of the code: platform metrics, those defined in apps and libs, and the defaults', () => {
    for (const definition of Object.values(PlatformMetrics)) {
      const series = definition.kind === 'histogram' ? `${definition.name}_count` : definition.name;
      expect([series, [...catalogue.get(series)!]]).toEqual([
        series,
        expect.arrayContaining([...definition.labelNames, 'app']),
      ]);
    }
    expect(codeDefinitions().map((definition) => definition.name)).toContain(
      'process_unhandled_failures_total',
    );
    expect(catalogue.get('saga_duration_seconds_bucket')).toContain('le');
    expect(catalogue.get('process_resident_memory_bytes')).toEqual(new Set(['app', 'job', 'instance']));
    expect(catalogue.get('nodejs_eventloop_lag_p99_seconds')).toBeDefined();
    expect(catalogue.has('saga_duration_seconds')).toBe(false);
  });

  it('reports an unknown metric, an unknown label, a grouping label the series lack and a syntax error', () => {
    expect(checkPromql('rate(saga_finishd_total[5m])', catalogue).problems).toEqual([
      'metric saga_finishd_total is not registered by the code',
    ]);
    expect(checkPromql('saga_finished_total{service="order"}', catalogue).problems).toEqual([
      'metric saga_finished_total has no label service',
    ]);
    expect(checkPromql('sum by (step) (rate(saga_finished_total[5m]))', catalogue).problems).toEqual([
      '"by (step)" names step, which the aggregated series do not carry',
    ]);
    expect(checkPromql('sum(rate(saga_finished_total[5m]) > ', catalogue).problems).not.toEqual([]);
    const quantile = checkPromql(
      'histogram_quantile(0.99, sum by (le, type) (rate(saga_duration_seconds_bucket[5m]))) > 1',
      catalogue,
    );
    expect(quantile).toEqual({
      problems: [],
      metrics: new Set(['saga_duration_seconds_bucket']),
      resultLabels: new Set(['type']),
    });
  });

  describe('deploy/prometheus/alerts.yaml', () => {
    it('is a rules file of named groups, each alert named once with a severity, a summary and a description', () => {
      expect(rules.groups.length).toBeGreaterThan(0);
      expect(new Set(rules.groups.map((group) => group.name)).size).toBe(rules.groups.length);
      const names = alerts.map((rule) => rule.alert);
      expect(new Set(names).size).toBe(names.length);
      for (const rule of alerts) {
        expect(rule).toEqual(
          expect.objectContaining({
            alert: expect.stringMatching(/^[A-Z][A-Za-z]+$/),
            expr: expect.any(String),
            labels: { severity: expect.stringMatching(/^(critical|warning)$/) },
            annotations: { summary: expect.any(String), description: expect.any(String) },
          }),
        );
      }
    });

    it.each(alerts.map((rule) => [rule.alert, rule] as const))(
      '%s uses registered metrics and labels, and its annotations only labels its result carries',
      (_, rule) => {
        const check = checkPromql(rule.expr, catalogue);
        const annotationLabels = Object.values(rule.annotations ?? {}).flatMap((text) =>
          templateLabels(text, /\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g),
        );
        const missing = annotationLabels.filter((label) => !check.resultLabels.has(label));
        expect({ problems: check.problems, annotationLabelsNotInResult: missing }).toEqual({
          problems: [],
          annotationLabelsNotInResult: [],
        });
      },
    );

    it('has a rule for every metric of an example alert in the "What to alert on" table of docs/operations.md', () => {
      const section = read('docs/operations.md').split('## 5. What to alert on')[1].split('\n## ')[0];
      const examples = section
        .split('\n')
        .filter((line) => line.startsWith('|'))
        .map((line) => line.split('|')[3] ?? '');
      const documented = new Set(
        examples
          .flatMap((example) => [...example.matchAll(/\b([a-z][a-z0-9_]*)\b/g)].map((match) => match[1]))
          .filter((name) => catalogue.has(name)),
      );
      const alerted = new Set(alerts.flatMap((rule) => [...checkPromql(rule.expr, catalogue).metrics]));
      expect(documented.size).toBeGreaterThan(10);
      expect([...documented].filter((name) => !alerted.has(name))).toEqual([]);
    });
  });

  describe('deploy/grafana/saga-orchestrator.json', () => {
    const variables = dashboard.templating.list;

    it('is a dashboard with a uid, unique panel ids, and panels that do not overlap', () => {
      expect(dashboard).toMatchObject({ uid: 'saga-orchestrator', title: expect.any(String) });
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      const overlaps = dashboard.panels.flatMap((a, index) =>
        dashboard.panels
          .slice(index + 1)
          .filter(
            (b) =>
              a.gridPos.x < b.gridPos.x + b.gridPos.w &&
              b.gridPos.x < a.gridPos.x + a.gridPos.w &&
              a.gridPos.y < b.gridPos.y + b.gridPos.h &&
              b.gridPos.y < a.gridPos.y + a.gridPos.h,
          )
          .map((b) => `${a.title} / ${b.title}`),
      );
      expect(overlaps).toEqual([]);
      for (const panel of dashboard.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    });

    it('queries the Prometheus picked in its datasource variable, with only variables it defines', () => {
      expect(variables.find((variable) => variable.name === 'datasource')).toMatchObject({
        type: 'datasource',
        query: 'prometheus',
      });
      const defined = new Set(variables.map((variable) => variable.name));
      for (const { panel, target } of queries) {
        expect([panel.title, panel.datasource, target.datasource]).toEqual([
          panel.title,
          { type: 'prometheus', uid: '${datasource}' },
          { type: 'prometheus', uid: '${datasource}' },
        ]);
        const used = templateLabels(target.expr, /\$(?!__)([a-zA-Z_][a-zA-Z0-9_]*)/g);
        expect([panel.title, used.filter((name) => !defined.has(name))]).toEqual([panel.title, []]);
      }
    });

    it('fills its variables from registered metrics and labels', () => {
      const queryVariables = variables.filter((variable) => variable.type === 'query');
      expect(queryVariables.map((variable) => variable.name)).toEqual(['app', 'type']);
      for (const variable of queryVariables) {
        const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
        const [, metric, label] = /^label_values\(([a-z_]+),\s*([a-z_]+)\)$/.exec(query) ?? [];
        expect([query, catalogue.get(metric)?.has(label)]).toEqual([query, true]);
      }
    });

    it.each(
      queries.map(({ panel, target, expr }) => [`${panel.title} ${target.refId}`, expr, target] as const),
    )(
      '%s uses registered metrics and labels, and its legend only labels its result carries',
      (_, expr, target) => {
        const check = checkPromql(expr, catalogue);
        const legend = templateLabels(target.legendFormat ?? '', /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g);
        expect({
          problems: check.problems,
          legendLabelsNotInResult: legend.filter((label) => !check.resultLabels.has(label)),
        }).toEqual({
          problems: [],
          legendLabelsNotInResult: [],
        });
      },
    );

    it('shows every platform metric', () => {
      const shown = new Set(queries.flatMap(({ expr }) => [...checkPromql(expr, catalogue).metrics]));
      const missing = Object.values(PlatformMetrics)
        .map((definition) => definition.name)
        .filter((name) => !shown.has(name) && !shown.has(`${name}_count`) && !shown.has(`${name}_bucket`));
      expect(missing).toEqual([]);
    });
  });
});
