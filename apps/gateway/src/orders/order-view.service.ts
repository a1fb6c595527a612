import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import {
  GetOrderQuery,
  GetPaymentQuery,
  GetReservationQuery,
  GetSagaByOrderQuery,
  GetShipmentQuery,
} from '@app/contracts';
import { errorMessage } from '@app/messaging';
import { orUnavailable } from '../http/unavailable';
import { QUERY_CLIENT, QueryClient } from '../queries/query-client';
import { ACCEPTED_ORDERS, AcceptedOrders } from './accepted-orders';
import { OrderCore, OrderParts, OrderView, composeOrderView, notCreatedOrder } from './order-view';

export type OrderPart = keyof OrderParts;

export interface ComposedOrderView {
  view: OrderView;
  /** Parts whose service did not answer in time; they are `null` in the view. */
  missing: OrderPart[];
}

/**
 * Composes `GET /orders/{orderId}` from one query per service, asked in parallel. Without the
 * order service there is no view (503); any other service that does not answer leaves its part
 * `null` and is named in `missing`.
 */
@Injectable()
export class OrderViewService {
  private readonly logger = new Logger(OrderViewService.name);

  constructor(
    @Inject(QUERY_CLIENT) private readonly queries: QueryClient,
    @Inject(ACCEPTED_ORDERS) private readonly acceptedOrders: AcceptedOrders,
  ) {}

  async view(orderId: string): Promise<ComposedOrderView> {
    const byOrder = { orderId };
    const [order, saga, reservation, payment, shipment] = await Promise.allSettled([
      this.queries.ask(GetOrderQuery, byOrder),
      this.queries.ask(GetSagaByOrderQuery, byOrder),
      this.queries.ask(GetReservationQuery, byOrder),
      this.queries.ask(GetPaymentQuery, byOrder),
      this.queries.ask(GetShipmentQuery, byOrder),
    ]);
    if (order.status === 'rejected') {
      this.logger.warn(`order query for ${orderId} failed: ${errorMessage(order.reason)}`);
      throw new ServiceUnavailableException('The order service is not answering; retry later');
    }
    const core = order.value ?? (await this.acceptedButNotCreated(orderId, valueOrNull(saga)));
    const view = composeOrderView(core, {
      saga: valueOrNull(saga),
      reservation: valueOrNull(reservation),
      payment: valueOrNull(payment),
      shipment: valueOrNull(shipment),
    });
    const missing = Object.entries({ saga, reservation, payment, shipment }).flatMap(([part, outcome]) => {
      if (outcome.status === 'fulfilled') return [];
      this.logger.warn(`${part} query for ${orderId} failed: ${errorMessage(outcome.reason)}`);
      return [part as OrderPart];
    });
    return { view, missing };
  }

  /** The saga may not have created the order row (yet): an order the gateway accepted is not unknown. */
  private async acceptedButNotCreated(orderId: string, saga: OrderParts['saga']): Promise<OrderCore> {
    const accepted = await orUnavailable(
      this.logger,
      'Order state is unavailable right now; retry later',
      () => this.acceptedOrders.find(orderId),
    );
    if (!accepted) throw new NotFoundException(`Order ${orderId} not found`);
    return notCreatedOrder(accepted, saga);
  }
}

function valueOrNull<T>(outcome: PromiseSettledResult<T | null>): T | null {
  return outcome.status === 'fulfilled' ? outcome.value : null;
}
