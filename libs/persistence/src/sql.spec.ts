import { qualifiedTable, quoteIdent, rowsOf } from './sql';

describe('sql identifiers', () => {
  it('quotes names and doubles embedded quotes', () => {
    expect(quoteIdent('orders')).toBe('"orders"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(qualifiedTable('orders', 'outbox')).toBe('"orders"."outbox"');
  });

  it('refuses an empty name', () => {
    expect(() => quoteIdent('')).toThrow('must not be empty');
  });

  it('reads rows from pg and TypeORM results alike', () => {
    expect(rowsOf([{ n: 1 }])).toEqual([{ n: 1 }]);
    expect(rowsOf({ rows: [{ n: 2 }], rowCount: 1 })).toEqual([{ n: 2 }]);
  });
});
