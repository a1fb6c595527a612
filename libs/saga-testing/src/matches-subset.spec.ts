import { matchesSubset } from './matches-subset';

describe('matchesSubset', () => {
  it('matches when every expected field is present and equal, recursively', () => {
    expect(matchesSubset({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true);
    expect(matchesSubset({ a: 1, b: { c: 2 } }, { b: { c: 3 } })).toBe(false);
    expect(matchesSubset({ a: 1 }, { missing: undefined })).toBe(true);
    expect(matchesSubset({ a: null }, { a: undefined })).toBe(false);
  });

  it('compares arrays element by element, lengths included', () => {
    expect(matchesSubset({ xs: [{ id: 1, n: 2 }] }, { xs: [{ id: 1 }] })).toBe(true);
    expect(matchesSubset({ xs: [1, 2] }, { xs: [1] })).toBe(false);
    expect(matchesSubset({ xs: 'ab' }, { xs: ['a', 'b'] })).toBe(false);
  });
});
