import { IsIn, IsUUID } from 'class-validator';
import { Currency } from '../shared/domain-values';
import { OrderScoped } from '../shared/order-scoped';
import { BoundedInt } from '../validation/field-decorators';
import { MAX_ORDER_TOTAL_CENTS } from '../validation/limits';

/** What every payment event reports: which payment of which order, for how much. */
export class PaymentAmount extends OrderScoped {
  @IsUUID()
  paymentId: string;

  @BoundedInt(0, MAX_ORDER_TOTAL_CENTS)
  amountCents: number;

  @IsIn(Object.values(Currency))
  currency: Currency;
}
