import { GetPaymentQuery } from '@app/contracts';
import { QueryAnswer, QueryDependencies, answerQuery } from '@app/participant';
import { PaymentService } from './payment.service';
import { refundedCentsOf } from './refunds/refund-reads';

/** The order's payment for the gateway's composed view, with what its returns refunded. */
export function paymentQueries({ domain, dataSource }: QueryDependencies<PaymentService>): QueryAnswer[] {
  return [
    answerQuery(GetPaymentQuery, async ({ orderId }) => {
      const payment = await domain.paymentOf(dataSource.manager, orderId);
      return (
        payment && { ...payment, refundedCents: await refundedCentsOf(dataSource.manager, payment.paymentId) }
      );
    }),
  ];
}
