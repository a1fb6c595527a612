import { SERVED_COUNTRIES, servesCountry } from './shipping-coverage';

describe('servesCountry', () => {
  it('serves exactly the 21 documented countries', () => {
    expect([...SERVED_COUNTRIES].sort()).toEqual([
      'AT',
      'AU',
      'BE',
      'CA',
      'CH',
      'DE',
      'DK',
      'ES',
      'FI',
      'FR',
      'GB',
      'IE',
      'IT',
      'JP',
      'NL',
      'NO',
      'NZ',
      'PL',
      'PT',
      'SE',
      'US',
    ]);
  });

  it('accepts a served country code and refuses the rest, lower case included', () => {
    expect(servesCountry('US')).toBe(true);
    expect(servesCountry('NZ')).toBe(true);
    expect(servesCountry('nz')).toBe(false);
    expect(servesCountry('BR')).toBe(false);
    expect(servesCountry('')).toBe(false);
  });
});
