import { defineEvent } from '../../contract-builders';
import { ReservationLines } from '../reservation-lines';

export class StockReleasedPayload extends ReservationLines {}

export const StockReleasedEvent = defineEvent({
  service: 'inventory',
  entity: 'stock',
  action: 'released',
  payload: StockReleasedPayload,
  description: "An order's reserved stock was returned.",
});
