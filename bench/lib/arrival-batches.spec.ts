import { ArrivalBatches } from './arrival-batches';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('ArrivalBatches', () => {
  it('sends what arrived in one turn as one batch', async () => {
    const batches: number[][] = [];
    const arrivals = new ArrivalBatches<number>(64, async (batch) => void batches.push(batch));
    for (const item of [1, 2, 3]) arrivals.push(item);
    await arrivals.idle();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('sends a lone item alone, without waiting for company', async () => {
    const batches: number[][] = [];
    const arrivals = new ArrivalBatches<number>(64, async (batch) => void batches.push(batch));
    arrivals.push(1);
    await nextTurn();
    expect(batches).toEqual([[1]]);
    arrivals.push(2);
    await arrivals.idle();
    expect(batches).toEqual([[1], [2]]);
  });

  it('cuts at most max per batch', async () => {
    const batches: number[][] = [];
    const arrivals = new ArrivalBatches<number>(2, async (batch) => void batches.push(batch));
    for (const item of [1, 2, 3, 4, 5]) arrivals.push(item);
    await arrivals.idle();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('handles one batch at a time; what arrives meanwhile forms the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    let inFlight = 0;
    let mostInFlight = 0;
    const arrivals = new ArrivalBatches<number>(64, async (batch) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      batches.push(batch);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      inFlight -= 1;
    });
    arrivals.push(1);
    await nextTurn();
    arrivals.push(2);
    await nextTurn();
    arrivals.push(3);
    release();
    await arrivals.idle();
    expect(batches).toEqual([[1], [2, 3]]);
    expect(mostInFlight).toBe(1);
  });

  it('refuses a batch size below one', () => {
    expect(() => new ArrivalBatches<number>(0, async () => undefined)).toThrow(RangeError);
  });
});
