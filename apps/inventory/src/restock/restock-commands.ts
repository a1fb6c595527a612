import { commandTable, handle } from '@app/participant';
import { RestockInventoryCommand } from '@app/order-return';
import { stockLockOpening } from '../stock-movements';
import { keyedByReturn } from './keyed-by-return';
import { RestockService } from './restock.service';

/**
 * The returns saga's command inventory decides, keyed by its return id: two returns of one
 * order are two restocks.
 */
export const restockCommands = commandTable(RestockService, [
  handle(
    RestockInventoryCommand,
    keyedByReturn((restocks, manager, payload) => restocks.restock(manager, payload)),
    {
      // The skus' rows are locked with the BEGIN, in the order reservations lock them.
      openings: (payload) => [stockLockOpening(payload.items.map((item) => item.sku))],
    },
  ),
]);
