import { ConcurrencyLimiter } from './concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('hands out at most `limit` slots and passes released slots to waiters in order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    await limiter.acquire();
    await limiter.acquire();
    expect(limiter.available).toBe(0);

    const order: string[] = [];
    const first = limiter.acquire().then(() => order.push('first'));
    const second = limiter.acquire().then(() => order.push('second'));
    limiter.release();
    await first;
    expect(order).toEqual(['first']);
    expect(limiter.available).toBe(0);
    limiter.release();
    await second;
    expect(order).toEqual(['first', 'second']);
  });

  it('wakes availability waiters when a slot frees, and on abort', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    let woke = false;
    const waiting = limiter.whenAvailable(new AbortController().signal).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    limiter.release();
    await waiting;
    expect(limiter.available).toBe(1);

    await limiter.acquire();
    const abort = new AbortController();
    const aborted = limiter.whenAvailable(abort.signal);
    abort.abort();
    await expect(aborted).resolves.toBeUndefined();
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow('concurrency must be a positive integer, got 0');
    expect(() => new ConcurrencyLimiter(1.5)).toThrow('positive integer');
  });
});
