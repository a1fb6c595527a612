import { combineBySku, planReservation } from './reservation-plan';

describe('planReservation', () => {
  const stock = [
    { sku: 'SKU-002', available: 5 },
    { sku: 'SKU-001', available: 3 },
    { sku: 'SKU-OOS', available: 0 },
  ];

  it('holds every item when each sku has enough, ordered by sku', () => {
    expect(
      planReservation(
        [
          { sku: 'SKU-002', quantity: 5 },
          { sku: 'SKU-001', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({
      feasible: true,
      items: [
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-002', quantity: 5 },
      ],
    });
  });

  it('sums repeated lines of one sku before comparing with the stock', () => {
    const plan = planReservation(
      [
        { sku: 'SKU-001', quantity: 2 },
        { sku: 'SKU-001', quantity: 2 },
      ],
      stock,
    );
    expect(plan).toEqual({
      feasible: false,
      code: 'INSUFFICIENT_STOCK',
      message: 'not enough stock: SKU-001 (wanted 4, available 3)',
    });
  });

  it('refuses the whole order when one sku is short', () => {
    const plan = planReservation(
      [
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-OOS', quantity: 1 },
      ],
      stock,
    );
    expect(plan).toMatchObject({ feasible: false, code: 'INSUFFICIENT_STOCK' });
  });

  it('names unknown skus', () => {
    expect(planReservation([{ sku: 'SKU-404', quantity: 1 }], stock)).toEqual({
      feasible: false,
      code: 'UNKNOWN_SKU',
      message: 'unknown sku: SKU-404',
    });
  });
});

describe('combineBySku', () => {
  it('sorts by code point so the lock order is the same in every process', () => {
    expect(
      combineBySku([
        { sku: 'b', quantity: 1 },
        { sku: 'B', quantity: 1 },
        { sku: 'a', quantity: 1 },
      ]).map((item) => item.sku),
    ).toEqual(['B', 'a', 'b']);
  });
});
