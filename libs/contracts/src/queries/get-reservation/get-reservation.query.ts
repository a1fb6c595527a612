import { IsIn, IsUUID } from 'class-validator';
import { defineQuery } from '../../contract-builders';
import { ReservationStatus } from '../../shared/domain-values';
import { LineItems } from '../../shared/line-items';
import { OrderScoped } from '../../shared/order-scoped';
import { SkuQuantity } from '../../shared/sku-quantity';

export class GetReservationPayload extends OrderScoped {}

export class GetReservationResult {
  @IsUUID()
  reservationId: string;

  @IsIn(Object.values(ReservationStatus))
  status: ReservationStatus;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export const GetReservationQuery = defineQuery({
  service: 'inventory',
  name: 'reservation',
  payload: GetReservationPayload,
  result: GetReservationResult,
  description: "The order's stock reservation; null when the order has none.",
});
