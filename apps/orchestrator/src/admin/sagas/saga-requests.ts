import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Validate,
} from 'class-validator';
import type { SagaStatus } from '@app/saga-core';
import { IsoInstantQuery } from '../iso-instant';
import { OperatorReason } from '../operator-reason';
import { PageLimit } from '../paging';
import { IsSagaCursor } from './is-saga-cursor';
import { SAGA_STATUSES } from './saga-statuses';

/** Most sagas one bulk action takes. */
export const MAX_BULK_SAGAS = 500;

/** `true`/`false` in a query string as booleans; anything else is left for the validator to refuse. */
const queryBoolean = ({ value }: { value: unknown }) =>
  ({ true: true, false: false })[String(value)] ?? value;

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
    description: 'What the saga is known by outside: for `order-fulfillment` the order id (exact match)',
    example: '9b2f3c1e-8a4d-4e6b-9c0a-1d2e3f4a5b6c',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  businessKey?: string;

  @IsoInstantQuery('Only sagas created at or after this instant')
  createdAfter?: string;

  @IsoInstantQuery('Only sagas last changed before this instant')
  updatedBefore?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only sagas whose current step keeps failing (see `attention`); false: only the others',
  })
  @IsOptional()
  @Transform(queryBoolean)
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

/** Query of `POST /admin/sagas/{sagaId}/abort`. */
export class AbortSagaQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: change nothing, answer with the compensations the abort would send, in order',
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

/** The saga ids of a bulk action: 1 to 500 distinct UUIDs (a repeated id is a 400, not done twice). */
function BulkSagaIds(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_BULK_SAGAS, uniqueItems: true }),
    IsArray({ message: 'sagaIds must be an array of saga ids' }),
    ArrayMinSize(1, { message: 'sagaIds must name at least one saga' }),
    ArrayMaxSize(MAX_BULK_SAGAS, { message: `sagaIds must name at most ${MAX_BULK_SAGAS} sagas` }),
    ArrayUnique({ message: 'sagaIds must not repeat a saga id' }),
    IsUUID('all', { each: true, message: 'each of sagaIds must be a UUID' }),
  );
}

/** Body of `POST /admin/sagas/retry`. */
export class BulkRetryBody {
  @BulkSagaIds()
  sagaIds: string[];

  @OperatorReason({ required: false })
  reason?: string;
}

/** Body of `POST /admin/sagas/abort`. */
export class BulkAbortBody {
  @BulkSagaIds()
  sagaIds: string[];

  @OperatorReason({ required: true })
  reason: string;
}
