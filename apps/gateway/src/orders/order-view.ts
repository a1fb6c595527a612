import { ApiProperty } from '@nestjs/swagger';
import {
  Currency,
  GetOrderResult,
  GetPaymentResult,
  GetReservationResult,
  GetSagaByOrderResult,
  GetShipmentResult,
  OrderItem,
  OrderReturnStatus,
  OrderStatus,
  PaymentStatus,
  ReservationStatus,
  SagaStatus,
  ShipmentStatus,
  SkuQuantity,
} from '@app/contracts';
import type { AcceptedOrder } from './accepted-orders';

// The HTTP view is the external contract (DESIGN "Gateway HTTP"); it names its fields explicitly
// rather than passing query results through, so internal queries can grow without changing it.

export class SagaView {
  @ApiProperty({ format: 'uuid' }) sagaId: string;
  @ApiProperty({ enum: Object.values(SagaStatus) }) status: SagaStatus;
  @ApiProperty({ type: String, nullable: true, example: 'authorize-payment' }) currentStep: string | null;
}

export class ReservationView {
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty({ enum: Object.values(ReservationStatus) }) status: ReservationStatus;
  @ApiProperty({ type: () => [SkuQuantity] }) items: SkuQuantity[];
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ enum: Object.values(PaymentStatus) }) status: PaymentStatus;
  @ApiProperty({ type: 'integer' }) amountCents: number;
  @ApiProperty({ enum: Object.values(Currency) }) currency: Currency;

  @ApiProperty({ type: 'integer', description: "What the order's returns refunded so far; 0 when none" })
  refundedCents: number;
}

export class ShipmentView {
  @ApiProperty({ format: 'uuid' }) shipmentId: string;
  @ApiProperty({ enum: Object.values(ShipmentStatus) }) status: ShipmentStatus;
  @ApiProperty() trackingNumber: string;
  @ApiProperty({ example: 'US' }) country: string;
}

/** One return of the order; `GET /orders/{orderId}/returns/{returnId}` has the rest. */
export class OrderReturnView {
  @ApiProperty({ format: 'uuid' }) returnId: string;
  @ApiProperty({ enum: Object.values(OrderReturnStatus) }) status: OrderReturnStatus;

  @ApiProperty({ type: 'integer', description: 'What the return refunds (or refunded); 0 when rejected' })
  refundCents: number;
}

/** `GET /orders/{orderId}`: the order and what each participant did for it, `null` until it exists. */
export class OrderView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: Object.values(OrderStatus) }) status: OrderStatus;
  @ApiProperty() customerId: string;
  @ApiProperty({ enum: Object.values(Currency) }) currency: Currency;
  @ApiProperty({ type: () => [OrderItem] }) items: OrderItem[];
  @ApiProperty({ type: 'integer' }) totalCents: number;
  @ApiProperty({ type: () => SagaView, nullable: true }) saga: SagaView | null;
  @ApiProperty({ type: () => ReservationView, nullable: true }) reservation: ReservationView | null;
  @ApiProperty({ type: () => PaymentView, nullable: true }) payment: PaymentView | null;
  @ApiProperty({ type: () => ShipmentView, nullable: true }) shipment: ShipmentView | null;

  @ApiProperty({
    type: () => [OrderReturnView],
    description:
      'Returns the order service has recorded, oldest first (the newest 100); a return just accepted may take a moment to appear',
  })
  returns: OrderReturnView[];
}

/** The order as its service knows it, or as the gateway accepted it before the saga created it. */
export type OrderCore = Pick<
  GetOrderResult,
  'orderId' | 'status' | 'customerId' | 'currency' | 'items' | 'totalCents' | 'returns'
>;

/**
 * An order the gateway accepted that its service has not created: PENDING while the saga may
 * still create it, CANCELLED once the saga compensated without it (its late create is refused).
 */
export function notCreatedOrder(accepted: AcceptedOrder, saga: GetSagaByOrderResult | null): OrderCore {
  const { orderId, customerId, currency, items, totalCents } = accepted;
  const status = saga?.status === SagaStatus.COMPENSATED ? OrderStatus.CANCELLED : OrderStatus.PENDING;
  return { orderId, status, customerId, currency, items, totalCents, returns: [] };
}

export interface OrderParts {
  saga: GetSagaByOrderResult | null;
  reservation: GetReservationResult | null;
  payment: GetPaymentResult | null;
  shipment: GetShipmentResult | null;
}

export function composeOrderView(order: OrderCore, parts: OrderParts): OrderView {
  const { saga, reservation, payment, shipment } = parts;
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    currency: order.currency,
    items: order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
    totalCents: order.totalCents,
    saga: saga && { sagaId: saga.sagaId, status: saga.status, currentStep: saga.currentStep ?? null },
    reservation: reservation && {
      reservationId: reservation.reservationId,
      status: reservation.status,
      items: reservation.items.map(({ sku, quantity }) => ({ sku, quantity })),
    },
    payment: payment && {
      paymentId: payment.paymentId,
      status: payment.status,
      amountCents: payment.amountCents,
      currency: payment.currency,
      // A payment service from before returns leaves it out: it has refunded nothing.
      refundedCents: payment.refundedCents ?? 0,
    },
    shipment: shipment && {
      shipmentId: shipment.shipmentId,
      status: shipment.status,
      trackingNumber: shipment.trackingNumber,
      country: shipment.country,
    },
    // An order service from before returns leaves them out: the order has none.
    returns: (order.returns ?? []).map(({ returnId, status, refundCents }) => ({
      returnId,
      status,
      refundCents,
    })),
  };
}
