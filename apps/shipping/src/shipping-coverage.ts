/** Countries the carrier serves (DESIGN "Demo domain rules"); any other → SHIPPING_UNAVAILABLE. */
export const SERVED_COUNTRIES: ReadonlySet<string> = new Set(
  'US CA GB DE FR NL ES IT SE NO DK FI IE AT BE CH PL PT JP AU NZ'.split(' '),
);

export function servesCountry(country: string): boolean {
  return SERVED_COUNTRIES.has(country);
}
