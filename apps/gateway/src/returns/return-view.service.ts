import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { GetSagaByBusinessKeyQuery } from '@app/contracts';
import { errorMessage } from '@app/messaging';
import { GetReturnQuery, ORDER_RETURN } from '@app/order-return';
import { orUnavailable } from '../http/unavailable';
import { QUERY_CLIENT, QueryClient } from '../queries/query-client';
import { ACCEPTED_RETURNS, AcceptedReturns } from './accepted-returns';
import { ReturnCore, ReturnView, SagaState, composeReturnView, notRecordedReturn } from './return-view';

export interface ComposedReturnView {
  view: ReturnView;
  /** Parts whose service did not answer in time; they are `null` in the view. */
  missing: Array<'saga'>;
}

/**
 * Composes `GET /orders/{orderId}/returns/{returnId}` from the order service's return and the
 * orchestrator's order-return saga (business key = return id), asked in parallel. Without the
 * order service there is no view (503); without the orchestrator the saga is `null` and missing.
 */
@Injectable()
export class ReturnViewService {
  private readonly logger = new Logger(ReturnViewService.name);

  constructor(
    @Inject(QUERY_CLIENT) private readonly queries: QueryClient,
    @Inject(ACCEPTED_RETURNS) private readonly acceptedReturns: AcceptedReturns,
  ) {}

  async view(orderId: string, returnId: string): Promise<ComposedReturnView> {
    const [recorded, saga] = await Promise.allSettled([
      this.queries.ask(GetReturnQuery, { orderId, returnId }),
      this.queries.ask(GetSagaByBusinessKeyQuery, { type: ORDER_RETURN, businessKey: returnId }),
    ]);
    if (recorded.status === 'rejected') {
      this.logger.warn(`return query for ${returnId} failed: ${errorMessage(recorded.reason)}`);
      throw new ServiceUnavailableException('The order service is not answering; retry later');
    }
    const sagaState = saga.status === 'fulfilled' ? saga.value : null;
    const core = recorded.value ?? (await this.acceptedButNotRecorded(orderId, returnId, sagaState));
    if (saga.status === 'rejected') {
      this.logger.warn(`saga query for return ${returnId} failed: ${errorMessage(saga.reason)}`);
    }
    return {
      view: composeReturnView(core, sagaState),
      missing: saga.status === 'rejected' ? ['saga'] : [],
    };
  }

  /** The saga may not have recorded the return (yet): a return the gateway accepted is not unknown. */
  private async acceptedButNotRecorded(
    orderId: string,
    returnId: string,
    saga: SagaState | null,
  ): Promise<ReturnCore> {
    const accepted = await orUnavailable(
      this.logger,
      'Return state is unavailable right now; retry later',
      () => this.acceptedReturns.find(orderId, returnId),
    );
    if (!accepted) throw new NotFoundException(`Return ${returnId} of order ${orderId} not found`);
    return notRecordedReturn(accepted, saga);
  }
}
