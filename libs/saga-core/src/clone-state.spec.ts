import { cloneState } from './clone-state';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('cloneState', () => {
  const state = {
    sagaId: 's-1',
    data: { order: { items: [{ sku: 'A', quantity: 2 }], note: null, gift: undefined }, at: new Date(0) },
    steps: [
      { name: 'pay', error: { code: 'DECLINED', message: 'no' }, compensationInput: [1, [2, { x: 3 }]] },
    ],
    deadline: null,
  };

  it('copies what structuredClone copies, and shares no object with the original', () => {
    const copied = cloneState(state);
    expect(copied).toEqual(structuredClone(state));
    expect(Object.keys(copied.data.order)).toEqual(Object.keys(state.data.order));
    expect(copied.data).not.toBe(state.data);
    expect(copied.data.order.items[0]).not.toBe(state.data.order.items[0]);
    expect(copied.steps[0].error).not.toBe(state.steps[0].error);
    expect(copied.data.at).toBeInstanceOf(Date);
    expect(copied.data.at).not.toBe(state.data.at);

    copied.data.order.items[0].quantity = 9;
    copied.steps[0].error.code = 'OTHER';
    expect(state.data.order.items[0].quantity).toBe(2);
    expect(state.steps[0].error.code).toBe('DECLINED');
  });

  it('keeps holes in arrays and makes objects without prototype plain, as structuredClone does', () => {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    expect(1 in cloneState(sparse)).toBe(false);
    expect(cloneState(sparse)).toEqual(structuredClone(sparse));
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(Object.getPrototypeOf(cloneState(bare))).toBe(Object.prototype);
  });

  it('leaves anything else to structuredClone: class instances, maps, cycles, functions', () => {
    expect(cloneState({ p: new Point(1, 2) })).toEqual(structuredClone({ p: new Point(1, 2) }));
    expect(cloneState(new Point(1, 2))).not.toBeInstanceOf(Point);
    const map = new Map([['a', { b: 1 }]]);
    expect(cloneState({ map }).map).toEqual(map);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const copied = cloneState(cyclic);
    let deepest = copied;
    for (let i = 0; i < 100; i += 1) deepest = deepest.self as Record<string, unknown>;
    expect(deepest.a).toBe(1);
    expect(() => cloneState({ f: () => 1 })).toThrow();
  });
});
