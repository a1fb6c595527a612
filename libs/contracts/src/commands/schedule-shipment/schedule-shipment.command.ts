import { IsUUID } from 'class-validator';
import { defineCommand } from '../../contract-builders';
import { LineItems } from '../../shared/line-items';
import { OrderScoped } from '../../shared/order-scoped';
import { ShippingAddress } from '../../shared/shipping-address';
import { SkuQuantity } from '../../shared/sku-quantity';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';
import { NestedObject } from '../../validation/nested-decorators';

export class ScheduleShipmentPayload extends OrderScoped {
  @NestedObject(() => ShippingAddress)
  address: ShippingAddress;

  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];
}

export class ScheduleShipmentReplyResult {
  @IsUUID()
  shipmentId: string;

  @BoundedString(MAX_ID_LENGTH)
  trackingNumber: string;
}

export const ScheduleShipmentCommand = defineCommand({
  service: 'shipping',
  action: 'schedule',
  payload: ScheduleShipmentPayload,
  description: 'Schedule the shipment (the pivot step: no compensation after it succeeds).',
  result: ScheduleShipmentReplyResult,
  replyDescription: 'Outcome of shipping.schedule; SHIPPING_UNAVAILABLE on business failure.',
});
