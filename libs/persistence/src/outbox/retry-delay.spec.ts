import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  const backoff = { initialMs: 100, maxMs: 1_000 };

  it('doubles per attempt up to the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, backoff, top))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters within the upper half of the window', () => {
    expect(retryDelayMs(3, backoff, () => 0)).toBe(200);
    expect(retryDelayMs(3, backoff, () => 0.5)).toBe(300);
  });
});
