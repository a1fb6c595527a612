import { type PrometheusSample, parsePrometheusText } from '@app/observability/testing/prometheus-text';

/** The batches one consumer handled in the bench's window, by size. */
export interface BatchSizeHistogram {
  batches: number;
  meanSize: number;
  /** Batches per range of sizes, from the histogram's buckets: `{"1": n, "2": n, "3-4": n, "5+": n}`. */
  sizes: Record<string, number>;
}

/** A histogram the apps export of their consumers' batch sizes: any name holding `batch_size`. */
const BATCH_SIZE_BUCKET = /batch_size.*_bucket$/;

/**
 * The batch-size histograms of one app over a window, from its `/metrics` text before and after:
 * one entry per series (keyed by the app and the series' other label values, e.g.
 * `orchestrator/orchestrator-replies`) that counted a batch in the window. Undefined when the app
 * exports no such histogram at all.
 */
export function batchSizeHistograms(
  app: string,
  before: string,
  after: string,
): Record<string, BatchSizeHistogram> | undefined {
  const afterSeries = bucketSeries(parsePrometheusText(after));
  if (afterSeries.size === 0) return undefined;
  const beforeSeries = bucketSeries(parsePrometheusText(before));
  const histograms: Record<string, BatchSizeHistogram> = {};
  for (const [key, series] of afterSeries) {
    const earlier = beforeSeries.get(key);
    const cumulative = [...series.buckets]
      .map(([bound, count]) => ({ bound, count: count - (earlier?.buckets.get(bound) ?? 0) }))
      .sort((a, b) => a.bound - b.bound);
    const batches = cumulative.at(-1)?.count ?? 0;
    if (batches === 0) continue;
    const messages = series.sum - (earlier?.sum ?? 0);
    histograms[[app, ...series.labelValues].join('/')] = {
      batches,
      meanSize: Math.round((messages / batches) * 10) / 10,
      sizes: sizeRanges(cumulative),
    };
  }
  return histograms;
}

interface BucketSeries {
  labelValues: string[];
  /** Upper bound (`le`) → cumulative count. */
  buckets: Map<number, number>;
  sum: number;
}

function bucketSeries(samples: PrometheusSample[]): Map<string, BucketSeries> {
  const series = new Map<string, BucketSeries>();
  const keyOf = (name: string, labels: Record<string, string>) => {
    const rest = Object.entries(labels).filter(([label]) => label !== 'le' && label !== 'app');
    rest.sort(([a], [b]) => a.localeCompare(b));
    return { key: `${name}${JSON.stringify(rest)}`, labelValues: rest.map(([, value]) => value) };
  };
  for (const sample of samples) {
    if (!BATCH_SIZE_BUCKET.test(sample.name) || sample.labels.le === undefined) continue;
    const { key, labelValues } = keyOf(sample.name.replace(/_bucket$/, ''), sample.labels);
    const entry = series.get(key) ?? { labelValues, buckets: new Map(), sum: 0 };
    entry.buckets.set(upperBound(sample.labels.le), sample.value);
    series.set(key, entry);
  }
  for (const sample of samples) {
    if (!sample.name.endsWith('_sum')) continue;
    const { key } = keyOf(sample.name.replace(/_sum$/, ''), sample.labels);
    const entry = series.get(key);
    if (entry) entry.sum = sample.value;
  }
  return series;
}

/** `le` as a number; Prometheus spells infinity `+Inf`, which `Number` does not read. */
function upperBound(le: string): number {
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

/**
 * Cumulative bucket counts as counts per range of whole sizes: `le="4"` after `le="2"` holds the
 * batches of 3 or 4 messages. A bucket that holds no whole size (`le="2.5"` after `le="2"`) is
 * left out; the last, `+Inf`, is everything above the largest bound.
 */
function sizeRanges(cumulative: ReadonlyArray<{ bound: number; count: number }>): Record<string, number> {
  const sizes: Record<string, number> = {};
  let previousBound = 0;
  let previousCount = 0;
  for (const { bound, count } of cumulative) {
    const from = Math.floor(previousBound) + 1;
    const to = Math.floor(bound);
    if (bound === Number.POSITIVE_INFINITY) sizes[`${from}+`] = count - previousCount;
    else if (to >= from) sizes[from === to ? `${from}` : `${from}-${to}`] = count - previousCount;
    else continue;
    previousBound = bound;
    previousCount = count;
  }
  return sizes;
}
