export * from './message-contract';
export * from './query-contract';
export * from './headers';
export * from './contract-builders';
export * from './contract-registry';
export * from './platform-contracts';
export * from './contract-rules/check-contract-rules';
export * from './subject-matches';
export * from './validate-payload';
export { compiledCheckFor } from './validation/compiled/compiled-validator';
export * from './compatibility/compare-schemas';
export {
  type SnapshotUpdate,
  compatibilityFailure,
  orphanSnapshots,
  snapshotFailures,
  updateSnapshots,
} from './compatibility/contract-snapshots';
export type { JsonSchema } from './compatibility/json-schema';

export * from './validation/limits';
export * from './validation/json-depth';
export * from './validation/compose-decorators';
export * from './validation/field-decorators';
export * from './validation/nested-decorators';
export * from './validation/array-unique-by';
export * from './validation/is-string-record';

export * from './shared/domain-values';
export * from './shared/order-scoped';
export * from './shared/sku-quantity';
export * from './shared/order-item';
export * from './shared/line-items';
export * from './shared/shipping-address';
export * from './shared/stock-level';
export * from './shared/order-request/payment-details';
export * from './shared/order-request/order-request';
export * from './shared/order-request/sample-order-request';
export * from './shared/order-request/demo-card-tokens';

export * from './start/order-fulfillment/start-order-fulfillment';

export * from './commands/approve-order/approve-order.command';
export * from './commands/authorize-payment/authorize-payment.command';
export * from './commands/cancel-order/cancel-order.command';
export * from './commands/capture-payment/capture-payment.command';
export * from './commands/create-order/create-order.command';
export * from './commands/release-inventory/release-inventory.command';
export * from './commands/reserve-inventory/reserve-inventory.command';
export * from './commands/schedule-shipment/schedule-shipment.command';
export * from './commands/void-payment/void-payment.command';

export * from './replies/approve-order/approve-order.reply';
export * from './replies/authorize-payment/authorize-payment.reply';
export * from './replies/cancel-order/cancel-order.reply';
export * from './replies/capture-payment/capture-payment.reply';
export * from './replies/create-order/create-order.reply';
export * from './replies/failure-codes';
export * from './replies/release-inventory/release-inventory.reply';
export * from './replies/reply-payload';
export * from './replies/reserve-inventory/reserve-inventory.reply';
export * from './replies/schedule-shipment/schedule-shipment.reply';
export * from './replies/void-payment/void-payment.reply';

export * from './events/order-approved/order-approved.event';
export * from './events/order-cancelled/order-cancelled.event';
export * from './events/order-created/order-created.event';
export * from './events/payment-amount';
export * from './events/payment-authorized/payment-authorized.event';
export * from './events/payment-captured/payment-captured.event';
export * from './events/payment-declined/payment-declined.event';
export * from './events/payment-voided/payment-voided.event';
export * from './events/reservation-lines';
export * from './events/saga-finished/saga-finished.event';
export * from './events/shipment-scheduled/shipment-scheduled.event';
export * from './events/stock-released/stock-released.event';
export * from './events/stock-reserved/stock-reserved.event';
export * from './events/stock-set/stock-set.event';

export * from './queries/get-order/get-order.query';
export * from './queries/get-payment/get-payment.query';
export * from './queries/get-reservation/get-reservation.query';
export * from './queries/get-saga-by-business-key/get-saga-by-business-key.query';
export * from './queries/get-saga-by-order/get-saga-by-order.query';
export * from './queries/get-shipment/get-shipment.query';
export * from './queries/get-stock/get-stock.query';
export * from './queries/set-stock/set-stock.query';

export * from './dead-letter/dead-letter';
