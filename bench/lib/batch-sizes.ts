/** The buckets of the batch-size histogram: one message, a few, a handful, many. */
const BUCKETS: ReadonlyArray<{ label: string; upTo: number }> = [
  { label: '1', upTo: 1 },
  { label: '2-4', upTo: 4 },
  { label: '5-16', upTo: 16 },
  { label: '17+', upTo: Number.POSITIVE_INFINITY },
];

/**
 * How many batches of each size a consumer handled. Coarse buckets on purpose: what matters is
 * whether batching happened at all (c=1 should show only batches of one) and how far it went.
 */
export class BatchSizes {
  private readonly counts = new Map<string, number>(BUCKETS.map(({ label }) => [label, 0]));

  record(size: number): void {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`a batch holds at least one message, got ${size}`);
    const { label } = BUCKETS.find(({ upTo }) => size <= upTo)!;
    this.counts.set(label, this.counts.get(label)! + 1);
  }

  /** `{"1": n, "2-4": n, "5-16": n, "17+": n}`, every bucket present, in this order. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
