/**
 * Cuts what has arrived into batches of at most `max` and hands them to `handle` one at a time.
 *
 * There is no waiting timer: the first batch is cut at the end of the event-loop turn in which
 * its first item arrived (`setImmediate`), so items delivered by the same socket read travel
 * together, and a lone item (concurrency 1) goes alone at once. Items that arrive while a batch
 * is being handled wait for it and form the next batch: under load batches grow by themselves,
 * idle they stay at one. `handle` settles its own errors (a rejection would end the drain loop).
 */
export class ArrivalBatches<T> {
  private readonly waiting: T[] = [];
  private handling = false;
  private cutScheduled = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    private readonly max: number,
    private readonly handle: (batch: T[]) => Promise<void>,
  ) {
    if (!(Number.isInteger(max) && max >= 1))
      throw new RangeError(`batch size must be at least 1, got ${max}`);
  }

  push(item: T): void {
    this.waiting.push(item);
    // While a batch is handled the drain loop takes this item next; otherwise cut at turn end.
    if (this.handling || this.cutScheduled) return;
    this.cutScheduled = true;
    setImmediate(() => {
      this.cutScheduled = false;
      this.drained = this.drain();
    });
  }

  /** Resolves once every item pushed so far has been handled. */
  async idle(): Promise<void> {
    while (this.cutScheduled || this.handling || this.waiting.length > 0) {
      await this.drained;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async drain(): Promise<void> {
    if (this.handling) return;
    this.handling = true;
    try {
      while (this.waiting.length > 0) await this.handle(this.waiting.splice(0, this.max));
    } finally {
      // Cleared in the same turn as the empty check above, so no pushed item is left behind.
      this.handling = false;
    }
  }
}
