import { commandTable, handle } from '@app/participant';
import { RETURN_BUSINESS_KEY, RefundPaymentCommand } from '@app/order-return';
import { paymentLockOpening } from './refund-reads';
import { RefundService } from './refund.service';

/**
 * The returns saga's command payment decides, keyed by its return id: two returns of one
 * order are two refunds.
 */
export const refundCommands = commandTable(RefundService, [
  handle(RefundPaymentCommand, (refunds, manager, payload) => refunds.refund(manager, payload), {
    businessKey: RETURN_BUSINESS_KEY,
    // The payment row is locked and its refunds read with the BEGIN: no round trip of its own.
    openings: (payload) => [paymentLockOpening(payload.orderId)],
  }),
]);
