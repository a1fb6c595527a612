import type { Clock } from '@app/saga-core';

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date('2025-01-01T00:00:00.000Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceBy(ms: number): void {
    if (ms < 0) throw new Error(`a clock cannot go back (advanceBy(${ms}))`);
    this.current += ms;
  }

  /** Moves to `at`, which must not be in the past. */
  advanceTo(at: Date | string): void {
    this.advanceBy(new Date(at).getTime() - this.current);
  }
}
