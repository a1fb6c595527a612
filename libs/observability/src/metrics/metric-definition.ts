/** What a metric is, declared once and registered (idempotently) by whoever uses it first. */
export interface MetricDefinition<Kind extends MetricKind = MetricKind, Label extends string = string> {
  kind: Kind;
  name: string;
  help: string;
  labelNames: readonly Label[];
  /** Histogram buckets in seconds. */
  buckets?: readonly number[];
}

export type MetricKind = 'counter' | 'gauge' | 'histogram';
export type CounterDefinition<Label extends string = string> = MetricDefinition<'counter', Label>;
export type GaugeDefinition<Label extends string = string> = MetricDefinition<'gauge', Label>;
export type HistogramDefinition<Label extends string = string> = MetricDefinition<'histogram', Label>;

export function defineCounter<Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
): CounterDefinition<Label> {
  return { kind: 'counter', name, help, labelNames };
}

export function defineGauge<Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
): GaugeDefinition<Label> {
  return { kind: 'gauge', name, help, labelNames };
}

export function defineHistogram<Label extends string = never>(
  name: string,
  help: string,
  labelNames: readonly Label[] = [],
  buckets?: readonly number[],
): HistogramDefinition<Label> {
  return { kind: 'histogram', name, help, labelNames, buckets };
}
