import type { SagaEffect, SagaInstance } from '@app/saga-core';
import { DeadlineScheduler } from './deadline-scheduler';

const instance = {} as SagaInstance<unknown>;
const logger = { warn: jest.fn(), error: jest.fn() };
const scheduleAt = (at: number): SagaEffect[] => [
  { type: 'schedule-deadline', at: new Date(at).toISOString(), reason: 'timeout', stepName: 'a' },
];

describe('DeadlineScheduler', () => {
  let scheduler: DeadlineScheduler | undefined;

  afterEach(async () => {
    await scheduler?.stop();
    jest.useRealTimers();
  });

  it('polls at its interval, and keeps firing while full batches come back', async () => {
    jest.useFakeTimers();
    const results = [2, 2, 1];
    const fire = jest.fn(async () => results.shift() ?? 0);
    scheduler = new DeadlineScheduler({ fire, pollMs: 1_000, batchSize: 2, logger });

    scheduler.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(fire).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(999);
    expect(fire).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(fire).toHaveBeenCalledTimes(4);
  });

  it('wakes early for a deadline this process scheduled before its next poll, and ignores later ones', async () => {
    jest.useFakeTimers();
    const fire = jest.fn(async () => 0);
    scheduler = new DeadlineScheduler({ fire, pollMs: 10_000, logger });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(fire).toHaveBeenCalledTimes(1);

    scheduler.committed(instance, scheduleAt(Date.now() + 60_000));
    scheduler.committed(instance, scheduleAt(Date.now() + 50));
    await jest.advanceTimersByTimeAsync(49);
    expect(fire).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('logs a failed pass and tries again after a backoff', async () => {
    jest.useFakeTimers();
    const fire = jest.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(0);
    scheduler = new DeadlineScheduler({ fire, pollMs: 100, logger });

    scheduler.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('database down'));
    await jest.advanceTimersByTimeAsync(199);
    expect(fire).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('stops without starting another pass, and refuses a second start', async () => {
    const fire = jest.fn(async () => 0);
    scheduler = new DeadlineScheduler({ fire, pollMs: 5, logger });
    scheduler.start();
    expect(() => scheduler!.start()).toThrow('already started');

    await scheduler.stop();
    const calls = fire.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fire).toHaveBeenCalledTimes(calls);
  });
});
