import { GetOrderQuery } from '@app/contracts';
import { GetReturnQuery } from '@app/order-return';
import { QueryAnswer, QueryDependencies, answerQuery } from '@app/participant';
import { OrderService } from './order.service';
import { findReturnView, returnSummariesOf } from './returns/order-return-views';

/** The order, with its returns, for the gateway's composed view; one return for its own view. */
export function orderQueries({ domain, dataSource }: QueryDependencies<OrderService>): QueryAnswer[] {
  return [
    answerQuery(GetOrderQuery, async ({ orderId }) => {
      const order = await domain.find(dataSource.manager, orderId);
      return order && { ...order, returns: await returnSummariesOf(dataSource.manager, orderId) };
    }),
    answerQuery(GetReturnQuery, ({ orderId, returnId }) =>
      findReturnView(dataSource.manager, orderId, returnId),
    ),
  ];
}
