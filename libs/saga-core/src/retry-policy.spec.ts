import { hasAttemptsLeft, stepRetryDelayMs, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = {
  maxAttempts: 4,
  initialBackoffMs: 100,
  maxBackoffMs: 1_000,
  multiplier: 3,
  jitter: false,
};
const random = (value: number) => ({ next: () => value });

describe('stepRetryDelayMs', () => {
  it('waits the capped exponential delay without jitter', () => {
    expect([1, 2, 3, 4].map((failed) => stepRetryDelayMs(policy, failed, random(0.5)))).toEqual([
      100, 300, 900, 1_000,
    ]);
  });

  it('with jitter waits a random share of the whole delay (full jitter)', () => {
    const jittered = { ...policy, jitter: true };
    expect(stepRetryDelayMs(jittered, 2, random(0))).toBe(0);
    expect(stepRetryDelayMs(jittered, 2, random(0.999))).toBe(299);
  });
});

describe('hasAttemptsLeft', () => {
  it('counts the first attempt as one of maxAttempts', () => {
    expect(hasAttemptsLeft(policy, 3)).toBe(true);
    expect(hasAttemptsLeft(policy, 4)).toBe(false);
    expect(hasAttemptsLeft({ ...policy, maxAttempts: Number.POSITIVE_INFINITY }, 1e9)).toBe(true);
  });
});
