import { ScheduleShipmentCommand } from '@app/contracts';
import { commandTable, handle, participantCommandsController } from '@app/participant';
import { ShippingService } from './shipping.service';

/** The saga command shipping decides (the table keeps its resends). */
export const shippingCommands = commandTable(ShippingService, [
  handle(ScheduleShipmentCommand, (shipping, manager, payload) => shipping.schedule(manager, payload)),
]);

export const ShippingCommandsController = participantCommandsController('shipping', shippingCommands);
