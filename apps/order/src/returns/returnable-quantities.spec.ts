import { excessLines, heldQuantities, refundCentsOf } from './returnable-quantities';

describe('returnable quantities', () => {
  const ordered = [
    { sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 },
    { sku: 'SKU-002', quantity: 1, unitPriceCents: 0 },
  ];

  describe('heldQuantities', () => {
    it('adds up PENDING and REFUNDED returns per SKU and leaves REJECTED ones out', () => {
      const held = heldQuantities([
        { status: 'PENDING', items: [{ sku: 'SKU-001', quantity: 1 }] },
        {
          status: 'REFUNDED',
          items: [
            { sku: 'SKU-001', quantity: 1 },
            { sku: 'SKU-002', quantity: 1 },
          ],
        },
        { status: 'REJECTED', items: [{ sku: 'SKU-001', quantity: 3 }] },
      ]);
      expect(Object.fromEntries(held)).toEqual({ 'SKU-001': 2, 'SKU-002': 1 });
    });

    it('holds nothing without returns', () => {
      expect(heldQuantities([]).size).toBe(0);
    });
  });

  describe('excessLines', () => {
    it('accepts up to exactly ordered minus held, and refuses one unit more', () => {
      const held = new Map([['SKU-001', 1]]);
      expect(excessLines(ordered, held, [{ sku: 'SKU-001', quantity: 2 }])).toEqual([]);
      expect(excessLines(ordered, held, [{ sku: 'SKU-001', quantity: 3 }])).toEqual([
        { sku: 'SKU-001', requested: 3, ordered: 3, held: 1 },
      ]);
    });

    it('refuses any unit of a SKU fully held already', () => {
      const held = new Map([['SKU-002', 1]]);
      expect(excessLines(ordered, held, [{ sku: 'SKU-002', quantity: 1 }])).toEqual([
        { sku: 'SKU-002', requested: 1, ordered: 1, held: 1 },
      ]);
    });

    it('refuses a SKU the order does not have as ordered 0', () => {
      expect(excessLines(ordered, new Map(), [{ sku: 'SKU-999', quantity: 1 }])).toEqual([
        { sku: 'SKU-999', requested: 1, ordered: 0, held: 0 },
      ]);
    });

    it('counts lines naming the same SKU together', () => {
      const twice = [
        { sku: 'SKU-001', quantity: 2 },
        { sku: 'SKU-001', quantity: 2 },
      ];
      expect(excessLines(ordered, new Map(), twice)).toEqual([
        { sku: 'SKU-001', requested: 4, ordered: 3, held: 0 },
      ]);
    });

    it('lists every excess line, in the order requested', () => {
      const held = new Map([['SKU-002', 1]]);
      const requested = [
        { sku: 'SKU-404', quantity: 1 },
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-002', quantity: 1 },
      ];
      expect(excessLines(ordered, held, requested).map((line) => line.sku)).toEqual(['SKU-404', 'SKU-002']);
    });
  });

  describe('refundCentsOf', () => {
    it("is Σ quantity × the order's unit price, free items included", () => {
      const requested = [
        { sku: 'SKU-001', quantity: 2 },
        { sku: 'SKU-002', quantity: 1 },
      ];
      expect(refundCentsOf(ordered, requested)).toBe(2598);
    });

    it('stays exact at the largest order the contracts allow', () => {
      const lines = Array.from({ length: 100 }, (_, i) => `SKU-${i}`);
      const big = lines.map((sku) => ({ sku, quantity: 1000, unitPriceCents: 100_000_000 }));
      expect(
        refundCentsOf(
          big,
          lines.map((sku) => ({ sku, quantity: 1000 })),
        ),
      ).toBe(10_000_000_000_000);
    });

    it('throws for a SKU not in the order: the decision refuses those before pricing', () => {
      expect(() => refundCentsOf(ordered, [{ sku: 'SKU-999', quantity: 1 }])).toThrow(
        'SKU-999 is not a line of the order',
      );
    });
  });
});
