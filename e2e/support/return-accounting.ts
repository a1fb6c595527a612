import type { OrderView } from './gateway-client';
import type { ReturnView } from './return-client';

/** The return status each way a return's saga can end in; any other end is a violation. */
const RETURN_STATUS_AFTER: Readonly<Record<string, string>> = {
  COMPLETED: 'REFUNDED',
  COMPENSATED: 'REJECTED',
};

/**
 * What the services must agree on once every return of an order has ended (DESIGN "Order
 * returns"), as a list of violations (empty when consistent):
 * - a return's saga COMPLETED means it is REFUNDED, COMPENSATED means REJECTED (any other end is
 *   a violation), and a REFUNDED return refunds Σ quantity × the order's unit price;
 * - the order view lists exactly these returns with the same status and refund;
 * - only an APPROVED order has refunded returns, and per sku they never return more than ordered;
 * - the payment's refundedCents is the sum of the refunded returns and never passes the capture.
 */
export function returnAccountingErrors(order: OrderView, returns: readonly ReturnView[]): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`order ${order.orderId}: ${what}`);
  };
  const unitPrice = new Map(order.items.map((item) => [item.sku, item.unitPriceCents]));
  for (const view of returns) {
    const expected = RETURN_STATUS_AFTER[view.saga?.status ?? ''];
    expect(
      expected !== undefined && view.status === expected,
      `return ${view.returnId} is ${view.status} after its saga ended ${view.saga?.status ?? 'unseen'}`,
    );
    if (view.status === 'REFUNDED') {
      const priced = view.items.reduce(
        (sum, { sku, quantity }) => sum + quantity * (unitPrice.get(sku) ?? NaN),
        0,
      );
      expect(
        view.refundCents === priced,
        `return ${view.returnId} refunds ${view.refundCents}, not ${priced}`,
      );
    }
  }

  const listed = new Map(order.returns.map((summary) => [summary.returnId, summary]));
  for (const view of returns) {
    const summary = listed.get(view.returnId);
    expect(
      summary !== undefined &&
        summary.status === view.status &&
        summary.refundCents === (view.refundCents ?? 0),
      `the order view lists return ${view.returnId} as ${JSON.stringify(summary)}, the return reads ${view.status} ${view.refundCents}`,
    );
  }
  expect(
    listed.size === returns.length,
    `the order view lists ${listed.size} returns, ${returns.length} were made`,
  );

  const refunded = returns.filter((view) => view.status === 'REFUNDED');
  expect(refunded.length === 0 || order.status === 'APPROVED', `order ${order.status} has refunded returns`);
  for (const [sku, quantity] of quantitiesBySku(refunded)) {
    const ordered = order.items
      .filter((item) => item.sku === sku)
      .reduce((sum, item) => sum + item.quantity, 0);
    expect(quantity <= ordered, `${quantity} of ${sku} refunded, ${ordered} ordered`);
  }
  const refundedCents = refunded.reduce((sum, view) => sum + (view.refundCents ?? 0), 0);
  expect(
    (order.payment?.refundedCents ?? 0) === refundedCents,
    `payment refunded ${order.payment?.refundedCents ?? 'nothing'}, the refunded returns ${refundedCents}`,
  );
  expect(
    order.payment === null || refundedCents <= order.payment.amountCents,
    `refunded ${refundedCents} of a capture of ${order.payment?.amountCents}`,
  );
  return problems;
}

/** The lines the REFUNDED returns put back into stock. */
export function restockedLines(returns: readonly ReturnView[]): Array<{ sku: string; quantity: number }> {
  return returns.filter((view) => view.status === 'REFUNDED').flatMap((view) => view.items);
}

function quantitiesBySku(returns: readonly ReturnView[]): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const { sku, quantity } of restockedLines(returns)) {
    quantities.set(sku, (quantities.get(sku) ?? 0) + quantity);
  }
  return quantities;
}
