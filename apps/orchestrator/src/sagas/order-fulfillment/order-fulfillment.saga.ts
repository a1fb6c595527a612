import {
  ApproveOrderCommand,
  AuthorizePaymentCommand,
  CancelOrderCommand,
  CapturePaymentCommand,
  CreateOrderCommand,
  ReleaseInventoryCommand,
  ReserveInventoryCommand,
  ScheduleShipmentCommand,
  VoidPaymentCommand,
} from '@app/contracts';
import { defineSaga, StepResponse } from '@app/saga-core';
import type { OrderFulfillmentData } from './order-fulfillment.data';

export const ORDER_FULFILLMENT = 'order-fulfillment';

/** How long a participant may take to answer one command before the step's outcome counts as unknown. */
export const PARTICIPANT_TIMEOUT_MS = 5_000;

/** Why an order is cancelled when the saga compensates it. */
export const CANCELLATION_REASON = 'order-fulfillment saga compensated';

const skuQuantities = (data: OrderFulfillmentData) =>
  data.items.map(({ sku, quantity }) => ({ sku, quantity }));

/** Values recorded by earlier steps; the steps after the pivot only run once those steps succeeded. */
function recorded(value: string | undefined, name: string): string {
  if (value === undefined)
    throw new Error(`order-fulfillment: ${name} was not recorded before it was needed`);
  return value;
}

/** DESIGN "Saga model", row by row. */
export const orderFulfillmentSaga = defineSaga<OrderFulfillmentData>(ORDER_FULFILLMENT, 1, {
  timeoutMs: PARTICIPANT_TIMEOUT_MS,
  retry: { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 2_000, multiplier: 2, jitter: true },
  compensationRetry: {
    maxAttempts: 10,
    initialBackoffMs: 200,
    maxBackoffMs: 10_000,
    multiplier: 2,
    jitter: true,
  },
})
  .step('create-order')
  .invoke(CreateOrderCommand, (data) => ({
    orderId: data.orderId,
    customerId: data.customerId,
    currency: data.currency,
    items: data.items,
    totalCents: data.totalCents,
    shippingAddress: data.shippingAddress,
  }))
  .withCompensation(CancelOrderCommand, (data) => ({ orderId: data.orderId, reason: CANCELLATION_REASON }))

  .step('reserve-inventory')
  .invoke(ReserveInventoryCommand, (data) => ({ orderId: data.orderId, items: skuQuantities(data) }))
  .onReply(
    (data, result) =>
      new StepResponse({ ...data, reservationId: result.reservationId }, result.reservationId),
  )
  .withCompensation(ReleaseInventoryCommand, (data, reservationId) => ({
    orderId: data.orderId,
    reservationId,
  }))

  .step('authorize-payment')
  .invoke(AuthorizePaymentCommand, (data) => ({
    orderId: data.orderId,
    customerId: data.customerId,
    amountCents: data.totalCents,
    currency: data.currency,
    method: data.payment.method,
    token: data.payment.token,
  }))
  .onReply((data, result) => new StepResponse({ ...data, paymentId: result.paymentId }, result.paymentId))
  .withCompensation(VoidPaymentCommand, (data, paymentId) => ({ orderId: data.orderId, paymentId }))

  .step('schedule-shipment')
  .pivot()
  .invoke(ScheduleShipmentCommand, (data) => ({
    orderId: data.orderId,
    address: data.shippingAddress,
    items: skuQuantities(data),
  }))
  .onReply((data, result) => ({
    ...data,
    shipmentId: result.shipmentId,
    trackingNumber: result.trackingNumber,
  }))

  // After the pivot: retried until done (no attempt limit), backing off up to 30 s.
  .step('capture-payment')
  .retriable()
  .retry({ maxBackoffMs: 30_000 })
  .invoke(CapturePaymentCommand, (data) => ({
    orderId: data.orderId,
    paymentId: recorded(data.paymentId, 'paymentId'),
  }))

  .step('approve-order')
  .retriable()
  .retry({ maxBackoffMs: 30_000 })
  .invoke(ApproveOrderCommand, (data) => ({ orderId: data.orderId }))
  .build();
