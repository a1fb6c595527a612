import { ApproveOrderCommand } from './commands/approve-order/approve-order.command';
import { AuthorizePaymentCommand } from './commands/authorize-payment/authorize-payment.command';
import { CancelOrderCommand } from './commands/cancel-order/cancel-order.command';
import { CapturePaymentCommand } from './commands/capture-payment/capture-payment.command';
import { CreateOrderCommand } from './commands/create-order/create-order.command';
import { ReleaseInventoryCommand } from './commands/release-inventory/release-inventory.command';
import { ReserveInventoryCommand } from './commands/reserve-inventory/reserve-inventory.command';
import { ScheduleShipmentCommand } from './commands/schedule-shipment/schedule-shipment.command';
import { VoidPaymentCommand } from './commands/void-payment/void-payment.command';
import { DeadLetterEvent } from './dead-letter/dead-letter';
import { OrderApprovedEvent } from './events/order-approved/order-approved.event';
import { OrderCancelledEvent } from './events/order-cancelled/order-cancelled.event';
import { OrderCreatedEvent } from './events/order-created/order-created.event';
import { PaymentAuthorizedEvent } from './events/payment-authorized/payment-authorized.event';
import { PaymentCapturedEvent } from './events/payment-captured/payment-captured.event';
import { PaymentDeclinedEvent } from './events/payment-declined/payment-declined.event';
import { PaymentVoidedEvent } from './events/payment-voided/payment-voided.event';
import { ShipmentScheduledEvent } from './events/shipment-scheduled/shipment-scheduled.event';
import { StockReleasedEvent } from './events/stock-released/stock-released.event';
import { StockReservedEvent } from './events/stock-reserved/stock-reserved.event';
import { SagaFinishedEvent } from './events/saga-finished/saga-finished.event';
import { StockSetEvent } from './events/stock-set/stock-set.event';
import type { MessageContract } from './message-contract';
import { GetOrderQuery } from './queries/get-order/get-order.query';
import { GetPaymentQuery } from './queries/get-payment/get-payment.query';
import { GetReservationQuery } from './queries/get-reservation/get-reservation.query';
import { GetSagaByOrderQuery } from './queries/get-saga-by-order/get-saga-by-order.query';
import { GetShipmentQuery } from './queries/get-shipment/get-shipment.query';
import { GetStockQuery } from './queries/get-stock/get-stock.query';
import { SetStockQuery } from './queries/set-stock/set-stock.query';
import { ApproveOrderReply } from './replies/approve-order/approve-order.reply';
import { AuthorizePaymentReply } from './replies/authorize-payment/authorize-payment.reply';
import { CancelOrderReply } from './replies/cancel-order/cancel-order.reply';
import { CapturePaymentReply } from './replies/capture-payment/capture-payment.reply';
import { CreateOrderReply } from './replies/create-order/create-order.reply';
import type { ReplyPayload } from './replies/reply-payload';
import { ReleaseInventoryReply } from './replies/release-inventory/release-inventory.reply';
import { ReserveInventoryReply } from './replies/reserve-inventory/reserve-inventory.reply';
import { ScheduleShipmentReply } from './replies/schedule-shipment/schedule-shipment.reply';
import { VoidPaymentReply } from './replies/void-payment/void-payment.reply';
import { StartOrderFulfillment } from './start/order-fulfillment/start-order-fulfillment';
import { subjectMatches } from './subject-matches';

/** Every message of the system, every version. Each has a committed schema snapshot (`schemas/`). */
export const ALL_CONTRACTS: MessageContract[] = [
  StartOrderFulfillment,
  CreateOrderCommand,
  CancelOrderCommand,
  ApproveOrderCommand,
  ReserveInventoryCommand,
  ReleaseInventoryCommand,
  AuthorizePaymentCommand,
  VoidPaymentCommand,
  CapturePaymentCommand,
  ScheduleShipmentCommand,
  CreateOrderReply,
  CancelOrderReply,
  ApproveOrderReply,
  ReserveInventoryReply,
  ReleaseInventoryReply,
  AuthorizePaymentReply,
  VoidPaymentReply,
  CapturePaymentReply,
  ScheduleShipmentReply,
  OrderCreatedEvent,
  OrderApprovedEvent,
  OrderCancelledEvent,
  StockReservedEvent,
  StockReleasedEvent,
  StockSetEvent,
  PaymentAuthorizedEvent,
  PaymentDeclinedEvent,
  PaymentVoidedEvent,
  PaymentCapturedEvent,
  ShipmentScheduledEvent,
  SagaFinishedEvent,
  GetOrderQuery,
  GetStockQuery,
  SetStockQuery,
  GetReservationQuery,
  GetPaymentQuery,
  GetShipmentQuery,
  GetSagaByOrderQuery,
  DeadLetterEvent,
];

/** The newest of `candidates`, or the one with exactly `version` when given. */
function pick(candidates: MessageContract[], version?: number): MessageContract | undefined {
  if (version !== undefined) return candidates.find((contract) => contract.version === version);
  return candidates.reduce<MessageContract | undefined>(
    (newest, contract) => (newest && newest.version >= contract.version ? newest : contract),
    undefined,
  );
}

/** The contract sent with `message-type: type` (and `message-version: version`, else the newest). */
export function contractByType(type: string, version?: number): MessageContract | undefined {
  return pick(
    ALL_CONTRACTS.filter((contract) => contract.type === type),
    version,
  );
}

/**
 * The contract of a message received on `subject`: an exact subject first, else a contract
 * whose subject is a wildcard pattern (the dead-letter stream `saga.dlq.>`).
 */
export function contractBySubject(subject: string, version?: number): MessageContract | undefined {
  const exact = ALL_CONTRACTS.filter((contract) => contract.subject === subject);
  if (exact.length > 0) return pick(exact, version);
  return pick(
    ALL_CONTRACTS.filter((contract) => subjectMatches(contract.subject, subject)),
    version,
  );
}

/** The reply contract of a command contract (`<type>.reply`, same version). */
export function replyContractFor(command: MessageContract): MessageContract<ReplyPayload> | undefined {
  // Every reply contract is built by defineReply, which only accepts ReplyPayload classes.
  return contractByType(`${command.type}.reply`, command.version) as
    MessageContract<ReplyPayload> | undefined;
}
