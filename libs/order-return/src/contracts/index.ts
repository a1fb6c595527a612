import type { MessageContract } from '@app/contracts';
import { CancelReturnCommand } from './cancel-return-command/cancel-return-command';
import { CancelReturnReply } from './cancel-return-reply/cancel-return-reply';
import { CompleteReturnCommand } from './complete-return-command/complete-return-command';
import { CompleteReturnReply } from './complete-return-reply/complete-return-reply';
import { GetReturnQuery } from './get-return-query/get-return-query';
import { PaymentRefundedEvent } from './payment-refunded-event/payment-refunded-event';
import { RefundPaymentCommand } from './refund-payment-command/refund-payment-command';
import { RefundPaymentReply } from './refund-payment-reply/refund-payment-reply';
import { RequestReturnCommand } from './request-return-command/request-return-command';
import { RequestReturnReply } from './request-return-reply/request-return-reply';
import { RestockInventoryCommand } from './restock-inventory-command/restock-inventory-command';
import { RestockInventoryReply } from './restock-inventory-reply/restock-inventory-reply';
import { ReturnCompletedEvent } from './return-completed-event/return-completed-event';
import { ReturnRejectedEvent } from './return-rejected-event/return-rejected-event';
import { ReturnRequestedEvent } from './return-requested-event/return-requested-event';
import { StartOrderReturn } from './start-order-return/start-order-return';
import { StockRestockedEvent } from './stock-restocked-event/stock-restocked-event';

export * from './shared/order-return-failure-codes';
export * from './shared/refund-cents';
export * from './shared/return-reason';
export * from './shared/return-scoped';
export * from './shared/return-status';
export * from './start-order-return/start-order-return';
export * from './request-return-command/request-return-command';
export * from './request-return-reply/request-return-reply';
export * from './cancel-return-command/cancel-return-command';
export * from './cancel-return-reply/cancel-return-reply';
export * from './complete-return-command/complete-return-command';
export * from './complete-return-reply/complete-return-reply';
export * from './refund-payment-command/refund-payment-command';
export * from './refund-payment-reply/refund-payment-reply';
export * from './restock-inventory-command/restock-inventory-command';
export * from './restock-inventory-reply/restock-inventory-reply';
export * from './return-requested-event/return-requested-event';
export * from './return-rejected-event/return-rejected-event';
export * from './return-completed-event/return-completed-event';
export * from './payment-refunded-event/payment-refunded-event';
export * from './stock-restocked-event/stock-restocked-event';
export * from './get-return-query/get-return-query';

/** Every message the returns saga and its participants exchange, for the contract registry. */
export const orderReturnContracts: MessageContract[] = [
  StartOrderReturn,
  RequestReturnCommand,
  CancelReturnCommand,
  RefundPaymentCommand,
  RestockInventoryCommand,
  CompleteReturnCommand,
  RequestReturnReply,
  CancelReturnReply,
  RefundPaymentReply,
  RestockInventoryReply,
  CompleteReturnReply,
  ReturnRequestedEvent,
  ReturnRejectedEvent,
  ReturnCompletedEvent,
  PaymentRefundedEvent,
  StockRestockedEvent,
  GetReturnQuery,
];
