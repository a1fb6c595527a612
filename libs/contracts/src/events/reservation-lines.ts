import { IsUUID } from 'class-validator';
import { LineItems } from '../shared/line-items';
import { OrderScoped } from '../shared/order-scoped';
import { SkuQuantity } from '../shared/sku-quantity';

/** What every reservation event reports: which reservation of which order, for which items. */
export class ReservationLines extends OrderScoped {
  @IsUUID()
  reservationId: string;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}
