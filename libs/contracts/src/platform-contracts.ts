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
import { GetSagaByBusinessKeyQuery } from './queries/get-saga-by-business-key/get-saga-by-business-key.query';
import { GetSagaByOrderQuery } from './queries/get-saga-by-order/get-saga-by-order.query';
import { GetShipmentQuery } from './queries/get-shipment/get-shipment.query';
import { GetStockQuery } from './queries/get-stock/get-stock.query';
import { SetStockQuery } from './queries/set-stock/set-stock.query';
import { ApproveOrderReply } from './replies/approve-order/approve-order.reply';
import { AuthorizePaymentReply } from './replies/authorize-payment/authorize-payment.reply';
import { CancelOrderReply } from './replies/cancel-order/cancel-order.reply';
import { CapturePaymentReply } from './replies/capture-payment/capture-payment.reply';
import { CreateOrderReply } from './replies/create-order/create-order.reply';
import { ReleaseInventoryReply } from './replies/release-inventory/release-inventory.reply';
import { ReserveInventoryReply } from './replies/reserve-inventory/reserve-inventory.reply';
import { ScheduleShipmentReply } from './replies/schedule-shipment/schedule-shipment.reply';
import { VoidPaymentReply } from './replies/void-payment/void-payment.reply';
import { StartOrderFulfillment } from './start/order-fulfillment/start-order-fulfillment';

/**
 * The platform's own messages, every version: the order-fulfillment saga's start, commands,
 * replies and events, the participants' queries, the orchestrator's, and the dead letters. Each
 * has a committed schema snapshot (`schemas/`). A saga module brings its own contracts beside
 * these; the orchestrator's registry is built from both.
 */
export const PLATFORM_CONTRACTS: readonly MessageContract[] = Object.freeze([
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
  GetSagaByBusinessKeyQuery,
  DeadLetterEvent,
]);
