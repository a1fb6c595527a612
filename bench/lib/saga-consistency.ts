import { OrderStatus, PaymentStatus, ReservationStatus, SagaStatus, ShipmentStatus } from '@app/contracts';
import type { OrderView } from '../../apps/gateway/src/orders/order-view';
import { type TerminalSagaStatus, isTerminalSagaStatus } from '../../scripts/lib/terminal-saga-status';

export type SagaVerdict =
  | { terminal: false }
  /** `problems` lists each way the participants disagree with the saga's outcome; empty when consistent. */
  | { terminal: true; status: TerminalSagaStatus; problems: string[] };

/**
 * Judges the composed `GET /orders/{id}` view of a saga. A completed saga must have every effect
 * (order approved, stock reserved for exactly the ordered lines, the order total captured, a
 * shipment scheduled); a compensated one must have undone every effect it had (order
 * cancelled, reservation released or never made, payment voided, declined or never made, no
 * shipment). A FAILED saga waits for an operator: it is counted, not judged.
 */
export function judgeSaga(view: OrderView): SagaVerdict {
  const status = view.saga?.status;
  if (!isTerminalSagaStatus(status)) return { terminal: false };
  if (status === SagaStatus.COMPLETED) return { terminal: true, status, problems: completedProblems(view) };
  if (status === SagaStatus.COMPENSATED)
    return { terminal: true, status, problems: compensatedProblems(view) };
  return { terminal: true, status, problems: [] };
}

function completedProblems(view: OrderView): string[] {
  const problems = [
    expectStatus('order', view.status, [OrderStatus.APPROVED]),
    expectStatus('reservation', view.reservation?.status, [ReservationStatus.RESERVED]),
    expectStatus('payment', view.payment?.status, [PaymentStatus.CAPTURED]),
    expectStatus('shipment', view.shipment?.status, [ShipmentStatus.SCHEDULED]),
  ];
  if (view.payment && view.payment.amountCents !== view.totalCents) {
    problems.push(`payment is ${view.payment.amountCents} cents for an order of ${view.totalCents}`);
  }
  if (view.reservation && lines(view.reservation.items) !== lines(view.items)) {
    problems.push(`reservation holds ${lines(view.reservation.items)} for an order of ${lines(view.items)}`);
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}

function compensatedProblems(view: OrderView): string[] {
  return [
    expectStatus('order', view.status, [OrderStatus.CANCELLED]),
    expectStatus('reservation', view.reservation?.status, [ReservationStatus.RELEASED, undefined]),
    expectStatus('payment', view.payment?.status, [PaymentStatus.VOIDED, PaymentStatus.DECLINED, undefined]),
    expectStatus('shipment', view.shipment?.status, [undefined]),
  ].filter((problem): problem is string => problem !== undefined);
}

/** `undefined` among the allowed values means "may not exist". */
function expectStatus(
  part: string,
  actual: string | undefined,
  allowed: readonly (string | undefined)[],
): string | undefined {
  if (allowed.includes(actual)) return undefined;
  const wanted = allowed.map((value) => value ?? 'absent').join(' or ');
  return `${part} is ${actual ?? 'absent'}, expected ${wanted}`;
}

function lines(items: readonly { sku: string; quantity: number }[]): string {
  return [...items]
    .map(({ sku, quantity }) => `${quantity}x${sku}`)
    .sort()
    .join(',');
}
