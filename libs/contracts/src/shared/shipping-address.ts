import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { BoundedString, CountryCode } from '../validation/field-decorators';
import { MAX_TEXT_LENGTH } from '../validation/limits';

export class ShippingAddress {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT_LENGTH, example: 'Ada' })
  @BoundedString(MAX_TEXT_LENGTH)
  name: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT_LENGTH, example: '1 Main St' })
  @BoundedString(MAX_TEXT_LENGTH)
  line1: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_TEXT_LENGTH })
  @IsOptional()
  @BoundedString(MAX_TEXT_LENGTH)
  line2?: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT_LENGTH, example: 'Springfield' })
  @BoundedString(MAX_TEXT_LENGTH)
  city: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT_LENGTH, example: '12345' })
  @BoundedString(MAX_TEXT_LENGTH)
  postalCode: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code, upper case', example: 'US' })
  @CountryCode()
  country: string;
}
