import { BadRequestException, PipeTransform } from '@nestjs/common';
import { SKU_PATTERN } from '@app/contracts';

/** A `{sku}` path parameter must be a valid SKU, else 400 before anything is asked of inventory. */
export class SkuPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SKU_PATTERN.test(value)) throw new BadRequestException([`sku must match ${SKU_PATTERN.source}`]);
    return value;
  }
}
