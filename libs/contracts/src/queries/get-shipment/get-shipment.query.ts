import { IsIn, IsUUID } from 'class-validator';
import { defineQuery } from '../../contract-builders';
import { ShipmentStatus } from '../../shared/domain-values';
import { OrderScoped } from '../../shared/order-scoped';
import { BoundedString, CountryCode } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';

export class GetShipmentPayload extends OrderScoped {}

export class GetShipmentResult {
  @IsUUID()
  shipmentId: string;

  @IsIn(Object.values(ShipmentStatus))
  status: ShipmentStatus;

  @BoundedString(MAX_ID_LENGTH)
  trackingNumber: string;

  @CountryCode()
  country: string;
}

export const GetShipmentQuery = defineQuery({
  service: 'shipping',
  name: 'by-order',
  payload: GetShipmentPayload,
  result: GetShipmentResult,
  description: "The order's shipment; null when the order has none.",
});
