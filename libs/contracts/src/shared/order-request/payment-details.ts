import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PaymentMethod } from '../domain-values';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';

export class PaymentDetails {
  @ApiProperty({ enum: Object.values(PaymentMethod), example: PaymentMethod.CARD })
  @IsIn(Object.values(PaymentMethod))
  method: PaymentMethod;

  @ApiProperty({ minLength: 1, maxLength: MAX_ID_LENGTH, example: 'tok_visa' })
  @BoundedString(MAX_ID_LENGTH)
  token: string;
}
