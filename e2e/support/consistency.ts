import type { OrderView } from './gateway-client';

/**
 * What every participant must show once a saga has ended (DESIGN "Saga model"), as a list of
 * violations (empty when consistent):
 * - COMPLETED: order APPROVED, reservation RESERVED for the order's lines, payment CAPTURED for
 *   its total, shipment SCHEDULED;
 * - COMPENSATED: order CANCELLED, reservation RELEASED or absent, payment VOIDED or DECLINED or
 *   absent, no shipment;
 * - anything else (FAILED, still running, no saga) is a violation in itself.
 */
export function consistencyViolations(view: OrderView): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${view.orderId} (saga ${view.saga?.status ?? 'none'}): ${what}`);
  };
  const { saga, reservation, payment, shipment } = view;
  switch (saga?.status) {
    case 'COMPLETED':
      expect(view.status === 'APPROVED', `order is ${view.status}, not APPROVED`);
      expect(reservation?.status === 'RESERVED', `reservation is ${reservation?.status ?? 'absent'}`);
      expect(
        reservation === null || sameLines(reservation.items, view.items),
        'reservation lines differ from the order',
      );
      expect(payment?.status === 'CAPTURED', `payment is ${payment?.status ?? 'absent'}`);
      expect(
        payment === null || (payment.amountCents === view.totalCents && payment.currency === view.currency),
        `payment of ${payment?.amountCents} ${payment?.currency} for ${view.totalCents} ${view.currency}`,
      );
      expect(shipment?.status === 'SCHEDULED', `shipment is ${shipment?.status ?? 'absent'}`);
      break;
    case 'COMPENSATED':
      expect(view.status === 'CANCELLED', `order is ${view.status}, not CANCELLED`);
      expect(
        reservation === null || reservation.status === 'RELEASED',
        `reservation is ${reservation?.status}`,
      );
      expect(
        payment === null || payment.status === 'VOIDED' || payment.status === 'DECLINED',
        `payment is ${payment?.status}`,
      );
      expect(shipment === null, `shipment ${shipment?.shipmentId} exists`);
      break;
    default:
      expect(false, saga ? `saga did not end well (at ${saga.currentStep})` : 'no saga');
  }
  return problems;
}

/** Every violation across `views`, so one assertion reports them all. */
export function inconsistencies(views: Iterable<OrderView>): string[] {
  return [...views].flatMap(consistencyViolations);
}

function sameLines(reserved: Array<{ sku: string; quantity: number }>, ordered: typeof reserved): boolean {
  const key = (lines: typeof reserved) =>
    lines
      .map(({ sku, quantity }) => `${sku}x${quantity}`)
      .sort()
      .join(',');
  return key(reserved) === key(ordered);
}
