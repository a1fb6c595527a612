import { Counter, Gauge, Histogram, Metric, Registry, collectDefaultMetrics } from 'prom-client';
import type {
  CounterDefinition,
  GaugeDefinition,
  HistogramDefinition,
  MetricDefinition,
  MetricKind,
} from './metric-definition';

/** One series of a gauge read at scrape time. */
export interface GaugeSample<Label extends string> {
  labels?: Partial<Record<Label, string>>;
  value: number;
}

export type GaugeReader<Label extends string> = () => Promise<GaugeSample<Label>[]> | GaugeSample<Label>[];

/** A scrape must answer even when the database or the broker behind a gauge does not. */
const SCRAPE_READ_TIMEOUT_MS = 3_000;

/** How often the event-loop delay is sampled for `nodejs_eventloop_lag_*`. */
const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * The process's Prometheus registry. Metrics are created on first use and returned as-is after
 * that, so any number of modules (or Nest apps in one test process) can ask for the same one.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly gaugeReaders = new Map<string, Set<GaugeReader<string>>>();

  constructor() {
    // prom-client samples event-loop delay every 10 ms by default: a hundred wake-ups a second per
    // idle process. Every 100 ms still fills the lag percentiles between two scrapes.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /**
   * Labels every series with the app (`app="payment"`); the last one named wins in a shared
   * process. Not `service`: Prometheus Operator sets that target label to the Kubernetes Service
   * it scraped through, and the two would clash (`exported_service`).
   */
  setService(service: string): void {
    this.registry.setDefaultLabels({ app: service });
  }

  counter<Label extends string>(definition: CounterDefinition<Label>): Counter<Label> {
    return this.getOrCreate(definition, Counter, () => new Counter(this.configuration(definition)));
  }

  gauge<Label extends string>(definition: GaugeDefinition<Label>): Gauge<Label> {
    const readers = this.gaugeReaders;
    return this.getOrCreate(
      definition,
      Gauge,
      () =>
        new Gauge({
          ...this.configuration(definition),
          async collect() {
            // A gauge nobody observes keeps what was set by hand; an observed one only what is read now.
            const registered = readers.get(definition.name);
            if (!registered) return;
            const read = await Promise.all([...registered].map(readWithin(SCRAPE_READ_TIMEOUT_MS)));
            this.reset();
            for (const sample of read.flat()) this.set(sample.labels ?? {}, sample.value);
          },
        }),
    );
  }

  /**
   * Sets the gauge's series from `read` on every scrape (a queue depth, a table's row count).
   * Several readers may feed one gauge; one that fails or takes longer than a few seconds
   * contributes no series to that scrape. Returns the function that removes the reader.
   */
  observeGauge<Label extends string>(
    definition: GaugeDefinition<Label>,
    read: GaugeReader<Label>,
  ): () => void {
    this.gauge(definition);
    const registered = this.gaugeReaders.get(definition.name) ?? new Set();
    this.gaugeReaders.set(definition.name, registered);
    const reader = read as GaugeReader<string>;
    registered.add(reader);
    return () => registered.delete(reader);
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

function readWithin(timeoutMs: number) {
  return async (reader: GaugeReader<string>): Promise<GaugeSample<string>[]> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<GaugeSample<string>[]>((resolve) => {
      timer = setTimeout(() => resolve([]), timeoutMs);
    });
    try {
      return await Promise.race([reader(), timeout]);
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  };
}

let processMetrics: Metrics | undefined;

/** The one `Metrics` of this process, for code outside Nest's container (relays, consumers). */
export function getMetrics(): Metrics {
  processMetrics ??= new Metrics();
  return processMetrics;
}
