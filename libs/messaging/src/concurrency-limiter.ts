/** A counting semaphore: at most `limit` holders at once; waiters are served in arrival order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly slotWaiters: Array<() => void> = [];
  private readonly availabilityWaiters = new Set<() => void>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`concurrency must be a positive integer, got ${limit}`);
  }

  get available(): number {
    return this.limit - this.active;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  release(): void {
    const next = this.slotWaiters.shift();
    if (next) {
      next(); // the slot passes straight to the next waiter: `active` is unchanged
      return;
    }
    this.active--;
    for (const notify of this.availabilityWaiters) notify();
    this.availabilityWaiters.clear();
  }

  /** Resolves once a slot is free (without taking it), or when `signal` aborts. */
  async whenAvailable(signal: AbortSignal): Promise<void> {
    if (this.available > 0 || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.availabilityWaiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.availabilityWaiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
