import { packageOf, summarize } from './cpu-profile-summary';

const frame = (url: string, functionName = 'f', lineNumber = 0) => ({ url, functionName, lineNumber });

describe('packageOf', () => {
  it('names packages, scoped packages, our apps and libs, node core and V8 labels', () => {
    expect(packageOf(frame('file:///w/node_modules/pg/lib/client.js'))).toBe('pg');
    expect(packageOf(frame('file:///w/node_modules/@nestjs/core/x.js'))).toBe('@nestjs/core');
    expect(packageOf(frame('file:///w/dist/libs/messaging/src/x.js'))).toBe('app:libs/messaging');
    expect(packageOf(frame('file:///w/dist/apps/order/src/x.js'))).toBe('app:apps/order');
    expect(packageOf(frame('node:internal/async_hooks'))).toBe('node-core');
    expect(packageOf(frame('', '(garbage collector)'))).toBe('(garbage collector)');
  });
});

describe('summarize', () => {
  it('adds up self time per package and per function, largest first', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('', '(idle)') },
        { id: 2, callFrame: frame('file:///w/node_modules/pg/lib/client.js', 'query', 9) },
      ],
      samples: [2, 1, 2, 2],
      timeDeltas: [1_000, 1_000, 2_000, 4_000],
    };
    const lines = summarize(profile, 5).split('\n');
    expect(lines[0]).toBe('total 8 ms');
    expect(lines[2]).toMatch(/^\s+7 ms\s+87\.5 %\s+pg$/);
    expect(lines[3]).toMatch(/^\s+1 ms\s+12\.5 %\s+\(idle\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/7 ms .* query pg\/lib\/client\.js:10$/));
  });
});
