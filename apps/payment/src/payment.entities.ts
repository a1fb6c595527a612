import { PARTICIPANT_ENTITIES } from '@app/participant';
import { Payment } from './payment.entity';
import { ProcessingErrorCount } from './processing-error-count.entity';
import { PaymentRefund } from './refunds/payment-refund.entity';

export const PAYMENT_ENTITIES = [...PARTICIPANT_ENTITIES, Payment, ProcessingErrorCount, PaymentRefund];
