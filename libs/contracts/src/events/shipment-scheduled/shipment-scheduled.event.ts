import { IsUUID } from 'class-validator';
import { defineEvent } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString, CountryCode } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';

export class ShipmentScheduledPayload extends OrderScoped {
  @IsUUID()
  shipmentId: string;

  @BoundedString(MAX_ID_LENGTH)
  trackingNumber: string;

  @CountryCode()
  country: string;
}

export const ShipmentScheduledEvent = defineEvent({
  service: 'shipping',
  entity: 'shipment',
  action: 'scheduled',
  payload: ShipmentScheduledPayload,
  description: 'A shipment was scheduled for an order.',
});
