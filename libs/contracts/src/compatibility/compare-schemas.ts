import { sameJson } from './canonical-json';
import type { JsonSchema } from './json-schema';

export interface SchemaComparison {
  compatible: boolean;
  problems: string[];
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
const EXACT_KEYWORDS = [
  'pattern',
  'format',
  'multipleOf',
  'const',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
] as const;

/**
 * Whether a receiver validating with `current` still accepts every payload `previous` accepted,
 * so senders built against the previous schema keep working. Receivers reject unknown
 * properties, so removing even an optional field breaks senders that still send it. Adding an
 * optional field, widening a bound or an enum, and `integer` → `number` are compatible.
 */
export function compareSchemas(previous: JsonSchema, current: JsonSchema): SchemaComparison {
  const problems: string[] = [];

  const resolve = (root: JsonSchema, node: JsonSchema): JsonSchema => {
    if (!node.$ref) return node;
    const { $ref, ...siblings } = node;
    const name = $ref.replace(/^#\/definitions\//, '');
    return { ...(root.definitions?.[name] ?? {}), ...siblings };
  };

  // `enclosing` holds the definition pairs being compared further up, so a recursive class ends.
  const compare = (
    previousNode: JsonSchema,
    currentNode: JsonSchema,
    path: string,
    enclosing = new Set<string>(),
  ): void => {
    const refPair = `${previousNode.$ref}|${currentNode.$ref}`;
    if (previousNode.$ref && currentNode.$ref) {
      if (enclosing.has(refPair)) return;
      enclosing = new Set(enclosing).add(refPair);
    }
    const before = resolve(previous, previousNode);
    const after = resolve(current, currentNode);
    const subject = path ? `field '${path}'` : 'the payload';

    if (
      after.type !== undefined &&
      after.type !== before.type &&
      !(before.type === 'integer' && after.type === 'number')
    ) {
      problems.push(`${subject} changed type from ${before.type ?? 'any'} to ${after.type}`);
      return;
    }
    if (after.enum) {
      const removed = before.enum ? before.enum.filter((value) => !after.enum?.includes(value)) : undefined;
      if (!removed) problems.push(`${subject} is now restricted to ${list(after.enum)}`);
      else if (removed.length > 0) problems.push(`${subject} no longer accepts ${list(removed)}`);
    }
    for (const keyword of LOWER_BOUNDS) {
      const [was, now] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
      if (now !== undefined && (was === undefined || now > was)) {
        problems.push(`${subject} raised ${keyword} from ${was ?? 'none'} to ${now}`);
      }
    }
    for (const keyword of UPPER_BOUNDS) {
      const [was, now] = [before[keyword] as number | undefined, after[keyword] as number | undefined];
      if (now !== undefined && (was === undefined || now < was)) {
        problems.push(`${subject} lowered ${keyword} from ${was ?? 'none'} to ${now}`);
      }
    }
    for (const keyword of EXACT_KEYWORDS) {
      if (after[keyword] !== undefined && !sameJson(before[keyword], after[keyword])) {
        problems.push(
          `${subject} changed ${keyword} from ${describe(before[keyword])} to ${describe(after[keyword])}`,
        );
      }
    }
    if (after.uniqueItems === true && before.uniqueItems !== true)
      problems.push(`${subject} now requires unique items`);

    compareProperties(before, after, path, enclosing);
    if (before.items || after.items) compare(before.items ?? {}, after.items ?? {}, `${path}[]`, enclosing);
    if (after.additionalProperties === false && before.additionalProperties !== false) {
      problems.push(`${subject} no longer accepts extra properties`);
    } else if (typeof after.additionalProperties === 'object') {
      const was = typeof before.additionalProperties === 'object' ? before.additionalProperties : {};
      compare(was, after.additionalProperties, `${path}.*`, enclosing);
    }
  };

  const compareProperties = (
    before: JsonSchema,
    after: JsonSchema,
    path: string,
    enclosing: Set<string>,
  ): void => {
    const beforeProperties = before.properties ?? {};
    const afterProperties = after.properties ?? {};
    for (const [name, schema] of Object.entries(beforeProperties)) {
      const fieldPath = join(path, name);
      if (afterProperties[name]) compare(schema, afterProperties[name], fieldPath, enclosing);
      else problems.push(`field '${fieldPath}' was removed`);
    }
    const requiredBefore = new Set(before.required ?? []);
    for (const name of after.required ?? []) {
      if (requiredBefore.has(name)) continue;
      const change = name in beforeProperties ? 'became required' : 'was added as required';
      problems.push(`field '${join(path, name)}' ${change}`);
    }
  };

  compare(previous, current, '');
  return { compatible: problems.length === 0, problems };
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function list(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
