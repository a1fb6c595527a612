import { ApiProperty } from '@nestjs/swagger';
import { ReturnStatus } from '@app/order-return';

/** The 202 body of `POST /orders/{orderId}/returns`: the ids to follow the return and its saga by. */
export class ReturnAccepted {
  @ApiProperty({ format: 'uuid' })
  returnId: string;

  @ApiProperty({ format: 'uuid' })
  sagaId: string;

  @ApiProperty({ enum: [ReturnStatus.PENDING] })
  status: typeof ReturnStatus.PENDING;
}
