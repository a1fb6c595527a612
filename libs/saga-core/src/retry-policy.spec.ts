import { backoffDelayMs, hasAttemptsLeft, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = {
  maxAttempts: 4,
  initialBackoffMs: 100,
  maxBackoffMs: 1_000,
  multiplier: 3,
  jitter: false,
};
const random = (value: number) => ({ next: () => value });

describe('backoffDelayMs', () => {
  it('grows exponentially from the initial backoff and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((failed) => backoffDelayMs(policy, failed, random(0.5)))).toEqual([
      100, 300, 900, 1_000, 1_000,
    ]);
  });

  it('with full jitter waits a random share of the exponential delay', () => {
    const jittered = { ...policy, jitter: true };
    expect(backoffDelayMs(jittered, 2, random(0))).toBe(0);
    expect(backoffDelayMs(jittered, 2, random(0.5))).toBe(150);
    expect(backoffDelayMs(jittered, 2, random(0.999))).toBe(299);
    expect(backoffDelayMs(jittered, 9, random(0.5))).toBe(500);
  });
});

describe('hasAttemptsLeft', () => {
  it('counts the first attempt as one of maxAttempts', () => {
    expect(hasAttemptsLeft(policy, 3)).toBe(true);
    expect(hasAttemptsLeft(policy, 4)).toBe(false);
    expect(hasAttemptsLeft({ ...policy, maxAttempts: Number.POSITIVE_INFINITY }, 1e9)).toBe(true);
  });
});
