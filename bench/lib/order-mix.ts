import { DemoCardTokens, type OrderRequest, sampleOrderRequest } from '@app/contracts';

/** What a bench order is meant to exercise, and the saga status it should end in. */
export type BenchScenario = 'happy' | 'card-declined' | 'unsupported-country';

export interface BenchOrder {
  scenario: BenchScenario;
  expected: 'COMPLETED' | 'COMPENSATED';
  body: OrderRequest;
}

/** Out of every 20 orders: 2 declined cards (10%), 1 unsupported country (5%), 17 that complete. */
const CYCLE = 20;
const DECLINED_AT = new Set([3, 13]);
const UNSUPPORTED_COUNTRY_AT = new Set([8]);
const STOCKED_SKUS = 100;

/** A country outside the shipping carrier's list (DESIGN "Demo domain rules"). */
export const UNSUPPORTED_COUNTRY = 'BR';

/**
 * The index-th order of a run: deterministic, so every prefix of a run (and every rerun) has
 * the same mix, spread evenly rather than bunched; SKUs rotate over SKU-001…SKU-100.
 */
export function benchOrder(index: number): BenchOrder {
  const position = index % CYCLE;
  const scenario: BenchScenario = DECLINED_AT.has(position)
    ? 'card-declined'
    : UNSUPPORTED_COUNTRY_AT.has(position)
      ? 'unsupported-country'
      : 'happy';
  const sku = `SKU-${String((index % STOCKED_SKUS) + 1).padStart(3, '0')}`;
  return {
    scenario,
    expected: scenario === 'happy' ? 'COMPLETED' : 'COMPENSATED',
    body: sampleOrderRequest({
      customerId: `bench-${index % 1_000}`,
      items: [{ sku, quantity: 1, unitPriceCents: 1_299 }],
      token: scenario === 'card-declined' ? DemoCardTokens.DECLINED : DemoCardTokens.APPROVES,
      country: scenario === 'unsupported-country' ? UNSUPPORTED_COUNTRY : 'US',
    }),
  };
}
