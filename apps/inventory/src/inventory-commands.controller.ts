import { ReleaseInventoryCommand, ReserveInventoryCommand } from '@app/contracts';
import { commandTable, compensate, handle, participantCommandsController } from '@app/participant';
import { InventoryService } from './inventory.service';
import { restockCommands } from './restock/restock-commands';
import { stockLockOpening } from './stock-movements';

/** The saga commands inventory decides (the table keeps resends and tombstones). */
export const inventoryCommands = commandTable(InventoryService, [
  handle(ReserveInventoryCommand, (inventory, manager, payload) => inventory.reserve(manager, payload), {
    // The skus' rows are locked with the BEGIN: a reservation never waits a round trip for them.
    openings: (payload) => [stockLockOpening(payload.items.map((item) => item.sku))],
  }),
  compensate(ReleaseInventoryCommand, { undoes: ReserveInventoryCommand }, (inventory, manager, payload) =>
    inventory.release(manager, payload),
  ),
]);

export const InventoryCommandsController = participantCommandsController(
  'inventory',
  inventoryCommands,
  restockCommands,
);
