import { ApiProperty } from '@nestjs/swagger';
import { OrderStatus } from '@app/contracts';

/** The 202 body of `POST /orders`: the ids to follow the order and its saga by. */
export class OrderAccepted {
  @ApiProperty({ format: 'uuid' })
  orderId: string;

  @ApiProperty({ format: 'uuid' })
  sagaId: string;

  @ApiProperty({ enum: [OrderStatus.PENDING] })
  status: typeof OrderStatus.PENDING;
}
