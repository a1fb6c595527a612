import { mapConcurrently } from './map-concurrently';

describe('mapConcurrently', () => {
  it('keeps the order of the items whatever order the calls end in', async () => {
    const results = await mapConcurrently([30, 10, 20], 3, async (ms, index) => {
      await new Promise((resolve) => setImmediate(resolve, ms));
      return `${index}:${ms}`;
    });

    expect(results).toEqual(['0:30', '1:10', '2:20']);
  });

  it('never has more than `limit` calls in flight, and makes one call per item', async () => {
    let inFlight = 0;
    let most = 0;
    const calls: number[] = [];
    await mapConcurrently([...Array(25).keys()], 4, async (item) => {
      calls.push(item);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    });

    expect(most).toBe(4);
    expect(calls.sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
  });

  it('returns an empty list for no items, and passes a failing call’s error on', async () => {
    await expect(mapConcurrently([], 8, async () => 1)).resolves.toEqual([]);
    await expect(
      mapConcurrently([1, 2], 2, async (item) => {
        if (item === 2) throw new Error('boom');
        return item;
      }),
    ).rejects.toThrow('boom');
  });
});
