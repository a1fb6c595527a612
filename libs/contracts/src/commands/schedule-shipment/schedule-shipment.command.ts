import { defineCommand } from '../../contract-builders';
import { LineItems } from '../../shared/line-items';
import { OrderScoped } from '../../shared/order-scoped';
import { ShippingAddress } from '../../shared/shipping-address';
import { SkuQuantity } from '../../shared/sku-quantity';
import { NestedObject } from '../../validation/nested-decorators';

export class ScheduleShipmentPayload extends OrderScoped {
  @NestedObject(() => ShippingAddress)
  address: ShippingAddress;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export const ScheduleShipmentCommand = defineCommand({
  service: 'shipping',
  action: 'schedule',
  payload: ScheduleShipmentPayload,
  description: 'Schedule the shipment (the pivot step: no compensation after it succeeds).',
});
