import type { OperatorOutcome } from '../../runtime/saga-runtime';
import { actOnEach } from './bulk-action';

describe('actOnEach', () => {
  it('acts on every saga and reports each outcome in the order the ids were given', async () => {
    const outcomes: Record<string, OperatorOutcome | Error> = {
      a: { outcome: 'applied', status: 'COMPENSATING' },
      b: { outcome: 'refused', code: 'PAST_PIVOT', message: 'past the pivot' },
      c: { outcome: 'not-found' },
      d: new Error('database unavailable'),
    };
    const results = await actOnEach(['a', 'b', 'c', 'd'], (id) => {
      const outcome = outcomes[id];
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    });
    expect(results).toEqual([
      { sagaId: 'a', outcome: 'accepted', status: 'COMPENSATING' },
      { sagaId: 'b', outcome: 'refused', error: 'past the pivot' },
      { sagaId: 'c', outcome: 'refused', error: 'Saga c not found' },
      { sagaId: 'd', outcome: 'refused', error: 'failed: database unavailable' },
    ]);
  });

  it('runs at most `concurrency` actions at once, and every one of them', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await actOnEach(
      ids,
      async (id) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => setImmediate(resolve));
        seen.push(id);
        running -= 1;
        return { outcome: 'applied', status: 'RUNNING' };
      },
      3,
    );
    expect(most).toBe(3);
    expect([...seen].sort()).toEqual([...ids].sort());
  });
});
