import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageLimit } from '../paging';

/** Stream sequences as the API shows them: positive integers, safe in JSON. */
const SEQUENCE = /^[1-9][0-9]{0,14}$/;

/** Query of `GET /admin/dead-letters`. */
export class ListDeadLettersQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'sagaId must be a UUID' })
  sagaId?: string;

  @ApiPropertyOptional({
    description: 'Only letters whose original message went to this subject',
    example: 'payment.authorize',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  subject?: string;

  @ApiPropertyOptional({ description: 'Only letters this durable consumer gave up on', example: 'payment' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  consumer?: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's nextCursor (a stream sequence)", example: '42' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,14})$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class DeadLetterIdParams {
  @ApiProperty({ description: 'The dead letter’s sequence in SAGA_DLQ', example: '42' })
  @Matches(SEQUENCE, { message: 'id must be a positive integer' })
  id: string;
}
