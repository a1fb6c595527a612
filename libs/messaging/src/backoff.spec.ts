import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { initialMs: 100, maxMs: 1_000, multiplier: 3 };

  it('grows exponentially with the failed deliveries and stops at the cap', () => {
    const ceilings = [1, 2, 3, 4, 5].map((failed) => backoffDelayMs({ ...policy, jitter: false }, failed));
    expect(ceilings).toEqual([100, 300, 900, 1_000, 1_000]);
  });

  it('applies equal jitter: at least half the ceiling, never an immediate retry', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(450);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(675);
    expect(backoffDelayMs(policy, 3, () => 0.999_999)).toBe(900);
  });

  it('treats a first or nonsensical count as the first failure', () => {
    expect(backoffDelayMs({ ...policy, jitter: false }, 0)).toBe(100);
    expect(backoffDelayMs({ ...policy, jitter: false }, -3)).toBe(100);
  });
});
