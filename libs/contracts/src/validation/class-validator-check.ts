import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { jsonDepthProblem } from './json-depth';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Why `plain` cannot be a payload at all (not an object, nested deeper than `MAX_JSON_DEPTH`),
 * or undefined. Checked before any transform walks the value recursively.
 */
export function payloadShapeProblem(plain: unknown): string | undefined {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return `payload must be a JSON object, got ${describe(plain)}`;
  }
  const tooDeep = jsonDepthProblem(plain);
  return tooDeep && `payload ${tooDeep}`;
}

/**
 * The source of truth for every contract: plainToInstance and validateSync with unknown
 * properties rejected at every depth, each problem one readable line with its path, e.g.
 * `items.0.quantity must not be greater than 1000`. Never throws.
 */
export function classValidatorCheck<T extends object>(
  type: ClassConstructor<T>,
  plain: unknown,
): ValidationResult<T> {
  const problem = payloadShapeProblem(plain);
  if (problem) return { ok: false, errors: [problem] };
  let value: T;
  let errors: ValidationError[];
  try {
    value = plainToInstance(type, plain);
    errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  } catch (error) {
    // A shape the depth check lets through but a transform still chokes on is the input's fault too.
    return { ok: false, errors: [`payload could not be validated: ${(error as Error).message}`] };
  }
  if (errors.length > 0) return { ok: false, errors: flatten(errors, '') };
  return { ok: true, value };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** class-validator names only the leaf property in a message; put the full path in its place. */
function flatten(errors: ValidationError[], parentPath: string): string[] {
  const messages = errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      // Its wording names the parent array, not the element; say which element instead.
      constraint === 'nestedValidation'
        ? `${path} must be an object`
        : withPath(message, error.property, path),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
  return [...new Set(messages)];
}

function withPath(message: string, property: string, path: string): string {
  if (path === property) return message;
  const propertyWord = new RegExp(`(^|\\s)${escapeRegExp(property)}(?=\\s|$)`);
  return propertyWord.test(message)
    ? message.replace(propertyWord, (_match, before: string) => `${before}${path}`)
    : `${path}: ${message}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
