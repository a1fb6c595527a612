import { GetShipmentQuery } from '@app/contracts';
import { QueryAnswer, QueryDependencies, answerQuery } from '@app/participant';
import { ShippingService } from './shipping.service';

/** The order's shipment for the gateway's composed view. */
export function shippingQueries({ domain, dataSource }: QueryDependencies<ShippingService>): QueryAnswer[] {
  return [answerQuery(GetShipmentQuery, ({ orderId }) => domain.shipmentOf(dataSource.manager, orderId))];
}
