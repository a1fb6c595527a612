import { IsUUID } from 'class-validator';
import { ScheduleShipmentCommand } from '../../commands/schedule-shipment/schedule-shipment.command';
import { defineReply } from '../../contract-builders';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class ScheduleShipmentReplyResult {
  @IsUUID()
  shipmentId: string;

  @BoundedString(MAX_ID_LENGTH)
  trackingNumber: string;
}

export class ScheduleShipmentReplyPayload extends ReplyPayload {
  @ReplyResult(() => ScheduleShipmentReplyResult)
  result?: ScheduleShipmentReplyResult;
}

export const ScheduleShipmentReply = defineReply(
  ScheduleShipmentCommand,
  ScheduleShipmentReplyPayload,
  'Outcome of shipping.schedule; SHIPPING_UNAVAILABLE on business failure.',
);
