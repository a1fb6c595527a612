import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { MessageContract } from './message-contract';
import type { QueryContract } from './query-contract';
import { jsonDepthProblem } from './validation/json-depth';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Checks a decoded JSON body against a contract's payload class: unknown properties are
 * rejected at every depth, and each problem becomes one readable line with its path, e.g.
 * `items.0.quantity must not be greater than 1000`. Never throws: a body nested deeper than
 * `MAX_JSON_DEPTH` is refused before any transform walks it recursively.
 */
export function validatePayload<P extends object>(
  contract: MessageContract<P>,
  plain: unknown,
): ValidationResult<P> {
  return validateAs(contract.payload, plain);
}

/** Checks a query answer: an instance of the contract's result class, or `null` for "not found". */
export function validateQueryResult<R extends object>(
  contract: QueryContract<object, R>,
  plain: unknown,
): ValidationResult<R | null> {
  if (plain === null) return { ok: true, value: null };
  return validateAs(contract.result, plain);
}

function validateAs<T extends object>(type: ClassConstructor<T>, plain: unknown): ValidationResult<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return { ok: false, errors: [`payload must be a JSON object, got ${describe(plain)}`] };
  }
  const tooDeep = jsonDepthProblem(plain);
  if (tooDeep) return { ok: false, errors: [`payload ${tooDeep}`] };
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
