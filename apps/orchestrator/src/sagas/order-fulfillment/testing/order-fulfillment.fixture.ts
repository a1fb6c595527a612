import { type StartOrderFulfillmentPayload, sampleOrderRequest } from '@app/contracts';
import { orderFulfillmentDataFrom } from '../order-fulfillment.data';

export const ORDER_ID = '6f1c0a52-8a8e-4d8c-9c51-0e6d2f1f7a11';
export const RESERVATION_ID = '1b7f0c9e-2d3a-4f5b-8c6d-7e8f9a0b1c2d';
export const PAYMENT_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const SHIPMENT_ID = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';

export const startPayload: StartOrderFulfillmentPayload = {
  sagaId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  orderId: ORDER_ID,
  order: sampleOrderRequest(),
};

export const orderData = orderFulfillmentDataFrom(startPayload);

/** The success result each participant replies with. */
export const replyResults = {
  'create-order': { orderId: ORDER_ID, status: 'PENDING' },
  'reserve-inventory': { reservationId: RESERVATION_ID },
  'authorize-payment': { paymentId: PAYMENT_ID, authorizationCode: 'AUTH-1' },
  'schedule-shipment': { shipmentId: SHIPMENT_ID, trackingNumber: 'TRK-1' },
  'capture-payment': { status: 'CAPTURED' },
  'approve-order': { status: 'APPROVED' },
};
