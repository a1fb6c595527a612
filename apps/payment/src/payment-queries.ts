import { GetPaymentQuery } from '@app/contracts';
import { QueryAnswer, QueryDependencies, answerQuery } from '@app/participant';
import { PaymentService } from './payment.service';

/** The order's payment for the gateway's composed view. */
export function paymentQueries({ domain, dataSource }: QueryDependencies<PaymentService>): QueryAnswer[] {
  return [answerQuery(GetPaymentQuery, ({ orderId }) => domain.paymentOf(dataSource.manager, orderId))];
}
