import { planRestock } from './restock-plan';

describe('planRestock', () => {
  const stock = [
    { sku: 'SKU-002', available: 5 },
    { sku: 'SKU-001', available: 0 },
  ];

  it('adds every line to its stock row, one line per sku in sku order', () => {
    const plan = planRestock(
      [
        { sku: 'SKU-002', quantity: 1 },
        { sku: 'SKU-001', quantity: 2 },
        { sku: 'SKU-002', quantity: 3 },
      ],
      false,
      stock,
    );
    const items = [
      { sku: 'SKU-001', quantity: 2 },
      { sku: 'SKU-002', quantity: 4 },
    ];
    expect(plan).toEqual({ kind: 'restock', items, existing: items, missing: [] });
  });

  it('creates the row of a sku that has none instead of refusing a step retried until done', () => {
    expect(
      planRestock(
        [
          { sku: 'SKU-404', quantity: 3 },
          { sku: 'SKU-001', quantity: 1 },
        ],
        false,
        stock,
      ),
    ).toEqual({
      kind: 'restock',
      items: [
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-404', quantity: 3 },
      ],
      existing: [{ sku: 'SKU-001', quantity: 1 }],
      missing: [{ sku: 'SKU-404', quantity: 3 }],
    });
  });

  it('adds nothing for a return restocked before, whatever it asks now', () => {
    expect(planRestock([{ sku: 'SKU-404', quantity: 5 }], true, stock)).toEqual({ kind: 'restocked-before' });
  });
});
