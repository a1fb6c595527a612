import { ApiProperty } from '@nestjs/swagger';
import { LineItems, MAX_ITEMS_PER_ORDER, SkuQuantity } from '@app/contracts';
import { MAX_RETURN_REASON_LENGTH, ReturnReason } from '@app/order-return';

/** The body of `POST /orders/{orderId}/returns` (DESIGN "Order returns"). */
export class ReturnRequest {
  @ApiProperty({
    type: () => [SkuQuantity],
    minItems: 1,
    maxItems: MAX_ITEMS_PER_ORDER,
    description:
      'Each sku at most once. Whether the order holds these quantities (ordered minus earlier returns) is decided by the saga: a return past them ends REJECTED.',
  })
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  @ApiProperty({ minLength: 1, maxLength: MAX_RETURN_REASON_LENGTH, example: 'damaged' })
  @ReturnReason()
  reason: string;
}
