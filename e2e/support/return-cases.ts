import type { ReturnBody, ReturnView } from './return-client';
import { returnBody } from './return-client';

/** Units every order of a return case holds. */
export const ORDERED_UNITS = 2;

/**
 * One order and the returns made of it at once, with the statuses they must end in, sorted (for
 * racing returns only how many of each is fixed, not which one wins), given how many of them had
 * their request time out: such a return is compensated, so rejected, and holds nothing.
 */
export interface ReturnCase {
  name: string;
  /** Pays with `tok_refundDeclined` instead of `tok_visa`. */
  refundDeclined: boolean;
  returns: (sku: string) => ReturnBody[];
  expected: (requestsTimedOut: number) => string[];
}

/** `refunded` REFUNDED and the rest of `count` REJECTED, sorted. */
function statuses(count: number, refunded: number): string[] {
  return [...Array<string>(refunded).fill('REFUNDED'), ...Array<string>(count - refunded).fill('REJECTED')];
}

const one = (sku: string) => returnBody([{ sku, quantity: 1 }]);

/** Every outcome a return can have, and the two concurrent cases, on orders of `ORDERED_UNITS`. */
export const RETURN_CASES: readonly ReturnCase[] = [
  {
    name: 'refunded',
    refundDeclined: false,
    returns: (sku) => [one(sku)],
    expected: (timedOut) => statuses(1, 1 - timedOut),
  },
  {
    name: 'past the order',
    refundDeclined: false,
    returns: (sku) => [returnBody([{ sku, quantity: ORDERED_UNITS + 1 }])],
    expected: () => statuses(1, 0),
  },
  {
    name: 'refund declined',
    refundDeclined: true,
    returns: (sku) => [one(sku)],
    expected: () => statuses(1, 0),
  },
  {
    name: 'two that fit',
    refundDeclined: false,
    returns: (sku) => [one(sku), one(sku)],
    expected: (timedOut) => statuses(2, 2 - timedOut),
  },
  {
    name: 'two racing for the whole order',
    refundDeclined: false,
    returns: (sku) => [
      returnBody([{ sku, quantity: ORDERED_UNITS }]),
      returnBody([{ sku, quantity: ORDERED_UNITS }]),
    ],
    // Whichever request comes first takes the order; a timed-out one takes nothing.
    expected: (timedOut) => statuses(2, timedOut < 2 ? 1 : 0),
  },
];

/** `count` cases cycling through `RETURN_CASES`. */
export function returnCases(count: number): ReturnCase[] {
  return Array.from({ length: count }, (_, index) => RETURN_CASES[index % RETURN_CASES.length]);
}

/**
 * Each case whose returns did not end as it expects, named with its order. `timedOut` holds the
 * saga ids of the returns whose request timed out; `sagaIds[i]` are case i's returns' sagas.
 */
export function returnOutcomeMismatches(
  cases: readonly ReturnCase[],
  orderIds: readonly string[],
  sagaIds: ReadonlyArray<readonly string[]>,
  returns: ReadonlyArray<readonly ReturnView[]>,
  timedOut: ReadonlySet<string>,
): string[] {
  return cases.flatMap((returnCase, index) => {
    const ended = returns[index].map((view) => view.status).sort();
    const expected = returnCase.expected(sagaIds[index].filter((sagaId) => timedOut.has(sagaId)).length);
    return JSON.stringify(ended) === JSON.stringify(expected)
      ? []
      : [`${returnCase.name} (order ${orderIds[index]}): ${ended.join(',')}, expected ${expected.join(',')}`];
  });
}
