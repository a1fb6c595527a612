import { GetReservationQuery, GetStockQuery, SetStockQuery } from '@app/contracts';
import { QueryAnswer, QueryDependencies, answerQuery, enqueueEvents } from '@app/participant';
import { InventoryService } from './inventory.service';

/** Stock levels and reservations for the gateway; setting stock also announces the new level. */
export function inventoryQueries({
  domain,
  dataSource,
  config,
}: QueryDependencies<InventoryService>): QueryAnswer[] {
  return [
    answerQuery(GetStockQuery, ({ sku }) => domain.stock(dataSource.manager, sku)),
    answerQuery(GetReservationQuery, ({ orderId }) => domain.reservationOf(dataSource.manager, orderId)),
    answerQuery(SetStockQuery, (command) =>
      dataSource.transaction(async (manager) => {
        const { level, event } = await domain.setStock(manager, command);
        await enqueueEvents(manager, config.schema as string, [event]);
        return level;
      }),
    ),
  ];
}
