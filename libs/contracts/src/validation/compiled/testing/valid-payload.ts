import type { ClassConstructor } from 'class-transformer';
import { arrayUnique } from 'class-validator';
import { SKU_PATTERN } from '../../limits';
import { nestedTypeOf } from '../../nested-decorators';
import { NESTED_RULE, OPTIONAL_RULE, propertyRules, type Rule } from '../contract-rules';
import type { SeededRandom } from './seeded-random';

const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'NL'];
const SKU_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-';
// Letters class-validator's length counts as one each, of one and two UTF-16 units.
const TEXT_CHARACTERS = ['a', 'Z', '7', ' ', '-', 'é', 'ß', '中', '😀', '𝔸'];

/**
 * A plain payload `type`'s rules should accept, read from its class-validator metadata, with
 * lengths, bounds and array sizes drawn up to their limits. A rule it has no generator for
 * throws, so a new kind of rule cannot slip past the differential test untested.
 */
export function validPayload(type: ClassConstructor<object>, random: SeededRandom): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const { property, rules } of propertyRules(type)) {
    const names = new Set(rules.map((rule) => rule.name));
    if (names.has(OPTIONAL_RULE)) {
      if (random.chance(0.15)) continue;
      if (random.chance(0.1)) {
        payload[property] = null;
        continue;
      }
    }
    payload[property] = validValue(property, rules, random);
  }
  return payload;
}

function validValue(property: string, rules: Rule[], random: SeededRandom): unknown {
  const byName = new Map(rules.map((rule) => [rule.name, rule.metadata.constraints ?? []]));
  const nested = rules.find((rule) => rule.name === NESTED_RULE);
  if (nested) {
    const type = nestedTypeOf(nested.metadata.target as object, property)!;
    if (!byName.has('isArray')) return validPayload(type, random);
    return uniqueArray(byName, () => validPayload(type, random), random);
  }
  if (byName.has('isIn')) return random.pick(byName.get('isIn')![0] as unknown[]);
  if (byName.has('isUuid')) return uuid(random);
  if (byName.has('isRFC3339')) return new Date(random.int(0, 4_000_000_000_000)).toISOString();
  if (byName.has('isISO31661Alpha2')) return random.pick(COUNTRIES);
  if (byName.has('isStringRecord')) return stringRecord(random);
  if (byName.has('isInt')) {
    const min = (byName.get('min')?.[0] as number | undefined) ?? -1_000_000;
    const max = (byName.get('max')?.[0] as number | undefined) ?? 1_000_000;
    return random.chance(0.2) ? random.pick([min, max]) : random.int(min, Math.min(max, min + 100_000));
  }
  if (byName.has('matches')) {
    const pattern = byName.get('matches')![0] as RegExp;
    if (pattern.source !== SKU_PATTERN.source)
      throw new Error(`no generator for the pattern ${pattern.source}`);
    return text(random.int(1, 32), () => random.pick([...SKU_CHARACTERS]));
  }
  if (byName.has('isString')) {
    const min = (byName.get('minLength')?.[0] as number | undefined) ?? 0;
    const max = Math.min((byName.get('maxLength')?.[0] as number | undefined) ?? 50, 5_000);
    const length = random.chance(0.15) ? random.pick([min, max]) : random.int(min, Math.min(max, min + 30));
    return text(length, () => random.pick(TEXT_CHARACTERS));
  }
  throw new Error(`no generator for ${property} (${rules.map((rule) => rule.name).join(', ')})`);
}

function uniqueArray(
  byName: Map<string, unknown[]>,
  element: () => unknown,
  random: SeededRandom,
): unknown[] {
  const min = (byName.get('arrayMinSize')?.[0] as number | undefined) ?? 0;
  const max = (byName.get('arrayMaxSize')?.[0] as number | undefined) ?? 10;
  const length = random.chance(0.05) ? max : random.int(min, Math.min(max, min + 4));
  const selector = byName.get('arrayUnique')?.[0] as ((item: unknown) => unknown) | undefined;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const items = Array.from({ length }, element);
    if (!byName.has('arrayUnique') || arrayUnique(items, selector)) return items;
  }
  throw new Error('could not draw distinct array elements');
}

function uuid(random: SeededRandom): string {
  const hex = (count: number) => text(count, () => random.int(0, 15).toString(16));
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

function stringRecord(random: SeededRandom): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = random.int(0, 4); index > 0; index -= 1)
    record[`key-${index}`] = `value ${random.int(0, 99)}`;
  return record;
}

function text(length: number, character: () => string): string {
  let result = '';
  for (let index = 0; index < length; index += 1) result += character();
  return result;
}
