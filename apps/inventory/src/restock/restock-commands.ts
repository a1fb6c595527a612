import { commandTable, handle } from '@app/participant';
import { RETURN_BUSINESS_KEY, RestockInventoryCommand } from '@app/order-return';
import { stockLockOpening } from '../stock-movements';
import { RestockService } from './restock.service';

/**
 * The returns saga's command inventory decides, keyed by its return id: two returns of one
 * order are two restocks.
 */
export const restockCommands = commandTable(RestockService, [
  handle(RestockInventoryCommand, (restocks, manager, payload) => restocks.restock(manager, payload), {
    businessKey: RETURN_BUSINESS_KEY,
    // The skus' rows are locked with the BEGIN, in the order reservations lock them.
    openings: (payload) => [stockLockOpening(payload.items.map((item) => item.sku))],
  }),
]);
