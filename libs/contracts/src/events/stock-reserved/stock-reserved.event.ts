import { defineEvent } from '../../contract-builders';
import { ReservationLines } from '../reservation-lines';

export class StockReservedPayload extends ReservationLines {}

export const StockReservedEvent = defineEvent({
  service: 'inventory',
  entity: 'stock',
  action: 'reserved',
  payload: StockReservedPayload,
  description: "Stock was reserved for an order's items.",
});
