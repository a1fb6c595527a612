import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const backoff = { initialMs: 100, maxMs: 1_000 };

  it('doubles per attempt up to the cap, jittered within the upper half of the window', () => {
    expect([1, 3, 6].map((attempt) => retryDelayMs(attempt, backoff, () => 1))).toEqual([100, 400, 1_000]);
    expect(retryDelayMs(3, backoff, () => 0)).toBe(200);
  });
});
