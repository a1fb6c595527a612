import { parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it('reads dates as UTC midnight and date-times with Z or an offset', () => {
    expect(parseIsoInstant('2025-01-31')?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseIsoInstant('2025-01-31T12:00Z')?.toISOString()).toBe('2025-01-31T12:00:00.000Z');
    expect(parseIsoInstant('2025-01-31T12:00:00.123456Z')?.toISOString()).toBe('2025-01-31T12:00:00.123Z');
    expect(parseIsoInstant('2025-01-31T12:00:00+02:00')?.toISOString()).toBe('2025-01-31T10:00:00.000Z');
    expect(parseIsoInstant('2024-02-29T00:00:00-0130')?.toISOString()).toBe('2024-02-29T01:30:00.000Z');
  });

  it.each([
    'yesterday',
    '',
    '2025-02-30',
    '2025-13-01',
    '2025-1-31',
    '2025-01-31T12:00:00',
    '2025-01-31T24:00:00Z',
    '2025-01-31T12:60:00Z',
    '2025-01-31 12:00:00Z',
    '2025-W05-1',
    '1738324800',
  ])('refuses %p', (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });
});
