import { DEFAULT_BACKOFF, redeliveryDelayMs } from './backoff';

describe('redeliveryDelayMs', () => {
  const policy = { initialMs: 100, maxMs: 1_000, multiplier: 3 };

  it('applies equal jitter unless told not to: at least half the ceiling, never an immediate retry', () => {
    expect(redeliveryDelayMs(policy, 3, () => 0)).toBe(450);
    expect(redeliveryDelayMs(DEFAULT_BACKOFF, 2, () => 0.999_999)).toBe(2_000);
  });

  it('waits the whole capped ceiling without jitter', () => {
    const ceilings = [1, 2, 3, 4, 5].map((failed) => redeliveryDelayMs({ ...policy, jitter: false }, failed));
    expect(ceilings).toEqual([100, 300, 900, 1_000, 1_000]);
  });
});
