import { escapeLiteral } from 'pg';
import { inlineStatements, quoteLiteral } from './statement-batch';

describe('quoteLiteral', () => {
  it.each([
    ['', 'empty'],
    ['plain', 'plain text'],
    [`it's`, 'a quote'],
    [`''`, 'two quotes'],
    ['C:\\path\\', 'backslashes'],
    [`it's a \\ "mix" $1 \n\t ünïcode 🚀`, 'quotes, a backslash, a placeholder and unicode'],
    [JSON.stringify({ reason: `can't \\ ship`, items: [{ sku: 'A' }] }), 'JSON'],
  ])('writes %j as pg escapeLiteral does (%s)', (value) => {
    expect(quoteLiteral(value)).toBe(escapeLiteral(value));
  });

  it('is what inlineStatements puts in place of a placeholder', () => {
    expect(inlineStatements(['SELECT $1, $2'], [`a'b\\c`, null])).toEqual(["SELECT  E'a''b\\\\c', NULL"]);
  });
});
