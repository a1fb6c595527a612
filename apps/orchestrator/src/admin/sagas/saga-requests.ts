import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Validate } from 'class-validator';
import type { SagaStatus } from '@app/saga-core';
import { OperatorReason } from '../operator-reason';
import { PageLimit } from '../paging';
import { IsSagaCursor } from './is-saga-cursor';
import { SAGA_STATUSES } from './saga-statuses';

/** Query of `GET /admin/sagas`. */
export class ListSagasQuery {
  @ApiPropertyOptional({ enum: SAGA_STATUSES })
  @IsOptional()
  @IsIn(SAGA_STATUSES)
  status?: SagaStatus;

  @ApiPropertyOptional({ example: 'order-fulfillment' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only sagas whose current step keeps failing (see `attention`); false: only the others',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => ({ true: true, false: false })[String(value)] ?? value)
  @IsBoolean({ message: 'needsAttention must be true or false' })
  needsAttention?: boolean;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @IsString()
  @Validate(IsSagaCursor)
  cursor?: string;
}

export class SagaIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'sagaId must be a UUID' })
  sagaId: string;
}

/** Body of `POST /admin/sagas/{sagaId}/abort`. */
export class AbortSagaBody {
  @OperatorReason({ required: true })
  reason: string;
}
