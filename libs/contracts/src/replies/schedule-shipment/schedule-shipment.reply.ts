import { ScheduleShipmentCommand } from '../../commands/schedule-shipment/schedule-shipment.command';
import { replyOf } from '../../contract-builders';

/** Derived from the command: same subject family, type `<command>.reply`, version, and its result class. */
export const ScheduleShipmentReply = replyOf(ScheduleShipmentCommand);
