import { Counter, Gauge, Histogram, Metric, Registry, collectDefaultMetrics } from 'prom-client';
import type {
  CounterDefinition,
  GaugeDefinition,
  HistogramDefinition,
  MetricDefinition,
  MetricKind,
} from './metric-definition';

/**
 * The process's Prometheus registry. Metrics are created on first use and returned as-is after
 * that, so any number of modules (or Nest apps in one test process) can ask for the same one.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Labels every series with the service; the last service named wins in a shared process. */
  setService(service: string): void {
    this.registry.setDefaultLabels({ service });
  }

  counter<Label extends string>(definition: CounterDefinition<Label>): Counter<Label> {
    return this.getOrCreate(definition, Counter, () => new Counter(this.configuration(definition)));
  }

  gauge<Label extends string>(definition: GaugeDefinition<Label>): Gauge<Label> {
    return this.getOrCreate(definition, Gauge, () => new Gauge(this.configuration(definition)));
  }

  histogram<Label extends string>(definition: HistogramDefinition<Label>): Histogram<Label> {
    return this.getOrCreate(
      definition,
      Histogram,
      () =>
        new Histogram({
          ...this.configuration(definition),
          ...(definition.buckets ? { buckets: [...definition.buckets] } : {}),
        }),
    );
  }

  /** The exposition text for a scrape. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private configuration<Label extends string>(definition: MetricDefinition<MetricKind, Label>) {
    return {
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers: [this.registry],
    };
  }

  private getOrCreate<M extends Metric<string>>(
    definition: MetricDefinition,
    type: abstract new (...args: never[]) => M,
    create: () => M,
  ): M {
    const existing = this.registry.getSingleMetric(definition.name);
    if (!existing) return create();
    if (!(existing instanceof type)) {
      throw new Error(
        `Metric ${definition.name} is already registered as another kind than ${definition.kind}`,
      );
    }
    return existing;
  }
}

let processMetrics: Metrics | undefined;

/** The one `Metrics` of this process, for code outside Nest's container (relays, consumers). */
export function getMetrics(): Metrics {
  processMetrics ??= new Metrics();
  return processMetrics;
}
