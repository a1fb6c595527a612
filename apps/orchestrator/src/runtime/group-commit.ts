/**
 * Group commit without a timer: the first item submitted while nothing runs is handled at once,
 * alone (so one message at a time meets no wait); items submitted while a batch is being handled
 * queue, and when it is done everything queued (up to `maxBatch`) forms the next batch. Each
 * submitter gets its own item's result; a batch that throws rejects every item of it.
 */
export class GroupCommit<Item, Result> {
  private readonly queue: {
    item: Item;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private running = false;

  constructor(
    private readonly handle: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.handle(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.running = false;
  }
}
