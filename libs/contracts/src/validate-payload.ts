import type { ClassConstructor } from 'class-transformer';
import type { MessageContract } from './message-contract';
import type { QueryContract } from './query-contract';
import {
  classValidatorCheck,
  payloadShapeProblem,
  type ValidationResult,
} from './validation/class-validator-check';
import { REJECTED, compiledCheckFor } from './validation/compiled/compiled-validator';
import { NOT_PLAIN } from './validation/compiled/to-instance';

export type { ValidationResult } from './validation/class-validator-check';

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

/**
 * class-validator is the source of truth; the schema compiled from the same class is its fast
 * path. That accepts only what class-validator accepts (the differential spec holds it to that),
 * so an accepted payload is final; anything else goes to class-validator, which decides and words
 * the errors exactly as before.
 */
function validateAs<T extends object>(type: ClassConstructor<T>, plain: unknown): ValidationResult<T> {
  const accepted = !payloadShapeProblem(plain) && compiledAccept(type, plain as object);
  if (accepted) return { ok: true, value: accepted };
  return classValidatorCheck(type, plain);
}

function compiledAccept<T extends object>(type: ClassConstructor<T>, plain: object): T | undefined {
  try {
    const result = compiledCheckFor(type)?.(plain);
    return result === REJECTED || result === NOT_PLAIN ? undefined : result;
  } catch {
    // A rule that throws on odd input: class-validator reports it as it always has.
    return undefined;
  }
}
