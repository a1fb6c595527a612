import { type Backoff, backoffDelayMs } from './backoff-delay';

describe('backoffDelayMs', () => {
  const backoff: Backoff = { initialMs: 100, maxMs: 1_000, multiplier: 3, jitter: 'none' };

  it('grows exponentially with the failures and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((failures) => backoffDelayMs(backoff, failures))).toEqual([
      100, 300, 900, 1_000, 1_000,
    ]);
  });

  it('doubles when no multiplier is given', () => {
    const doubling = { initialMs: 100, maxMs: 1_000, jitter: 'none' } as const;
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffDelayMs(doubling, failures))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('treats a first or nonsensical count as the first failure', () => {
    expect(backoffDelayMs(backoff, 0)).toBe(100);
    expect(backoffDelayMs(backoff, -3)).toBe(100);
  });

  it('with equal jitter waits at least half the ceiling, never retrying at once', () => {
    const equal: Backoff = { ...backoff, jitter: 'equal' };
    expect(backoffDelayMs(equal, 3, () => 0)).toBe(450);
    expect(backoffDelayMs(equal, 3, () => 0.5)).toBe(675);
    expect(backoffDelayMs(equal, 3, () => 0.999_999)).toBe(900);
  });

  it('with full jitter waits a random share of the whole ceiling, below it', () => {
    const full: Backoff = { ...backoff, jitter: 'full' };
    expect(backoffDelayMs(full, 2, () => 0)).toBe(0);
    expect(backoffDelayMs(full, 2, () => 0.5)).toBe(150);
    expect(backoffDelayMs(full, 2, () => 0.999)).toBe(299);
    expect(backoffDelayMs(full, 9, () => 0.5)).toBe(500);
  });

  it('draws no random number without jitter', () => {
    const random = jest.fn(() => 0.5);
    backoffDelayMs(backoff, 2, random);
    expect(random).not.toHaveBeenCalled();
  });
});
