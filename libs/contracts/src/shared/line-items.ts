import type { ClassConstructor } from 'class-transformer';
import { ArrayUniqueBy } from '../validation/array-unique-by';
import { composeDecorators } from '../validation/compose-decorators';
import { MAX_ITEMS_PER_ORDER } from '../validation/limits';
import { NestedArray } from '../validation/nested-decorators';
import type { SkuQuantity } from './sku-quantity';

/** The items of one order: 1..100 lines, no SKU twice. */
export function LineItems(type: () => ClassConstructor<SkuQuantity>): PropertyDecorator {
  return composeDecorators(NestedArray(type, { min: 1, max: MAX_ITEMS_PER_ORDER }), ArrayUniqueBy('sku'));
}
