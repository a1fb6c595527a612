import { GroupCommit } from './group-commit';

/** A handler whose batches finish only when the test says so. */
function gatedHandler() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const handle = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.includes(13)) throw new Error('unlucky batch');
    return items.map((item) => item * 10);
  };
  /** Lets the batch under way finish, once it has started. */
  const finishNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { batches, handle, finishNext };
}

describe('GroupCommit', () => {
  it('handles a lone item at once, in a batch of its own', async () => {
    const { batches, handle, finishNext } = gatedHandler();
    const group = new GroupCommit(handle);

    const result = group.submit(1);

    expect(batches).toEqual([[1]]);
    await finishNext();
    await expect(result).resolves.toBe(10);
  });

  it('batches what arrives while a batch is handled, up to the maximum, each submitter getting its own result', async () => {
    const { batches, handle, finishNext } = gatedHandler();
    const group = new GroupCommit(handle, 3);

    const results = [1, 2, 3, 4, 5].map((item) => group.submit(item));
    expect(batches).toEqual([[1]]);
    await finishNext();
    await results[0];
    await finishNext();
    await results[3];
    await finishNext();

    expect(batches).toEqual([[1], [2, 3, 4], [5]]);

    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('rejects every item of a batch that throws, and goes on with the next batch', async () => {
    const { handle, finishNext } = gatedHandler();
    const group = new GroupCommit(handle);

    const first = group.submit(1);
    const unlucky = [group.submit(13), group.submit(2)];
    const settled = Promise.allSettled(unlucky);
    await finishNext();
    await first;
    await finishNext();
    await settled;
    const after = group.submit(3);
    await finishNext();

    expect((await settled).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(after).resolves.toBe(30);
  });
});
