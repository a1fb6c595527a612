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

describe('GroupCommitQueue', () => {
  it('starts a lone request at once, in a group of its own', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 8);

    const done = queue.submit('a');

    expect(groups.map((group) => group.requests)).toEqual([['a']]);
    groups[0].end();
    await expect(done).resolves.toBe('done a');
  });

  it('puts the requests that arrive while a group runs into the next group, up to the maximum', async () => {
    const { groups, runGroup } = controlledGroups();
    const queue = new GroupCommitQueue(runGroup, 2);
    const results = ['a', 'b', 'c', 'd'].map((request) => queue.submit(request));

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
    groups[0].fail(new Error('connection lost'));

    expect(await first).toEqual({ ok: false, error: new Error('connection lost') });
    const next = queue.submit('b');
    groups[1].end();
    await expect(next).resolves.toBe('done b');
  });

  it('refuses a group size below one', () => {
    expect(() => new GroupCommitQueue(async () => [], 0)).toThrow('at least one request');
  });
});
