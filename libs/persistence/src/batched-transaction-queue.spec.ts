import { GroupCommitQueue, type Settlement, settlementOf } from './batched-transaction-queue';

/** A group runner whose groups end when the test says so. */
function controlledGroups() {
  const groups: {
    requests: string[];
    end: (settlements?: Settlement<string>[]) => void;
    fail: (error: Error) => void;
  }[] = [];
  const runGroup = (requests: string[]) =>
    new Promise<Settlement<string>[]>((resolve, reject) => {
      groups.push({
        requests,
        end: (settlements) =>
          resolve(settlements ?? requests.map((request) => ({ ok: true, value: `done ${request}` }))),
        fail: reject,
      });
    });
  return { groups, runGroup };
}

/** Lets the current event-loop turn end, as a group waits for it to. */
const turnEnds = () => new Promise(setImmediate);

describe('GroupCommitQueue', () => {
  it('starts a lone request when the event-loop turn ends, in a group of its own, with no timer', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 8);

    const done = queue.submit('a');
    expect(groups).toHaveLength(0);
    await turnEnds();

    expect(groups.map((group) => group.requests)).toEqual([['a']]);
    groups[0].end();
    await expect(done).resolves.toBe('done a');
  });

  it('puts the requests submitted in one turn into one group, as the messages of one socket read', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 8);
    // As a consumer's handlers reach the queue: each after a few awaits of its own.
    const results = ['a', 'b', 'c'].map(async (request) => {
      await Promise.resolve();
      await Promise.resolve();
      return queue.submit(request);
    });
    await turnEnds(); // this wait was queued before the queue's own
    await turnEnds();

    expect(groups.map((group) => group.requests)).toEqual([['a', 'b', 'c']]);
    groups[0].end();
    await expect(Promise.all(results)).resolves.toEqual(['done a', 'done b', 'done c']);
  });

  it('puts the requests that arrive while a group runs into the next group, up to the maximum', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 2);
    const first = queue.submit('a');
    await turnEnds();
    const results = [first, ...['b', 'c', 'd'].map((request) => queue.submit(request))];

    groups[0].end();
    await results[0];
    expect(groups.map((group) => group.requests)).toEqual([['a'], ['b', 'c']]);
    groups[1].end();
    await results[2];
    groups[2].end();

    await expect(Promise.all(results)).resolves.toEqual(['done a', 'done b', 'done c', 'done d']);
    expect(groups.map((group) => group.requests)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('settles every request of a group in the same tick, each with its own outcome', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 8);
    void queue.submit('first');
    await turnEnds();
    const settled: string[] = [];
    const b = queue.submit('b').then((value) => void settled.push(value));
    const c = queue.submit('c').catch((error: Error) => void settled.push(error.message));
    groups[0].end();
    await new Promise(setImmediate);

    groups[1].end([
      { ok: true, value: 'b committed' },
      { ok: false, error: new Error('c failed alone') },
    ]);
    await Promise.resolve();
    await Promise.resolve();

    expect(settled).toEqual(['b committed', 'c failed alone']);
    await Promise.all([b, c]);
  });

  it('rejects every request of a group that failed as a whole, and goes on with the next', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 8);
    const first = settlementOf(queue.submit('a'));
    await turnEnds();
    groups[0].fail(new Error('connection lost'));

    expect(await first).toEqual({ ok: false, error: new Error('connection lost') });
    const next = queue.submit('b');
    await turnEnds();
    groups[1].end();
    await expect(next).resolves.toBe('done b');
  });

  it('refuses a group size below one', () => {
    expect(() => new GroupCommitQueue(async () => [], 0)).toThrow('at least one request');
  });
});
