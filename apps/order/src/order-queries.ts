import { GetOrderQuery } from '@app/contracts';
import { QueryAnswer, QueryDependencies, answerQuery } from '@app/participant';
import { OrderService } from './order.service';

/** The order for the gateway's composed view. */
export function orderQueries({ domain, dataSource }: QueryDependencies<OrderService>): QueryAnswer[] {
  return [answerQuery(GetOrderQuery, ({ orderId }) => domain.find(dataSource.manager, orderId))];
}
