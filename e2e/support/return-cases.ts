import type { ReturnBody, ReturnView } from './return-client';
import { returnBody } from './return-client';

/** Units every order of a return case holds. */
export const ORDERED_UNITS = 2;

/**
 * One order and the returns made of it at once, with the statuses they must end in (sorted: for
 * racing returns only how many of each is fixed, not which one wins).
 */
export interface ReturnCase {
  name: string;
  /** Pays with `tok_refundDeclined` instead of `tok_visa`. */
  refundDeclined: boolean;
  returns: (sku: string) => ReturnBody[];
  expected: string[];
}

const one = (sku: string) => returnBody([{ sku, quantity: 1 }]);

/** Every outcome a return can have, and the two concurrent cases, on orders of `ORDERED_UNITS`. */
export const RETURN_CASES: readonly ReturnCase[] = [
  { name: 'refunded', refundDeclined: false, returns: (sku) => [one(sku)], expected: ['REFUNDED'] },
  {
    name: 'past the order',
    refundDeclined: false,
    returns: (sku) => [returnBody([{ sku, quantity: ORDERED_UNITS + 1 }])],
    expected: ['REJECTED'],
  },
  { name: 'refund declined', refundDeclined: true, returns: (sku) => [one(sku)], expected: ['REJECTED'] },
  {
    name: 'two that fit',
    refundDeclined: false,
    returns: (sku) => [one(sku), one(sku)],
    expected: ['REFUNDED', 'REFUNDED'],
  },
  {
    name: 'two racing for the whole order',
    refundDeclined: false,
    returns: (sku) => [
      returnBody([{ sku, quantity: ORDERED_UNITS }]),
      returnBody([{ sku, quantity: ORDERED_UNITS }]),
    ],
    expected: ['REFUNDED', 'REJECTED'],
  },
];

/** `count` cases cycling through `RETURN_CASES`. */
export function returnCases(count: number): ReturnCase[] {
  return Array.from({ length: count }, (_, index) => RETURN_CASES[index % RETURN_CASES.length]);
}

/** Each case whose returns did not end as it expects, named with its order. */
export function returnOutcomeMismatches(
  cases: readonly ReturnCase[],
  orderIds: readonly string[],
  returns: ReadonlyArray<readonly ReturnView[]>,
): string[] {
  return cases.flatMap((returnCase, index) => {
    const statuses = returns[index].map((view) => view.status).sort();
    return JSON.stringify(statuses) === JSON.stringify(returnCase.expected)
      ? []
      : [
          `${returnCase.name} (order ${orderIds[index]}): ${statuses.join(',')}, expected ${returnCase.expected.join(',')}`,
        ];
  });
}
