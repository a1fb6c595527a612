import Ajv, { type ValidateFunction } from 'ajv';
import type { ClassConstructor } from 'class-transformer';
import { ClassValidatorRules } from './class-validator-keyword';
import { NOT_PLAIN, toInstance } from './to-instance';
import { unsupportedRules } from './unsupported-rules';
import { validationSchema } from './validation-schema';

/**
 * The payload instance when the compiled schema accepts `plain`; REJECTED when it does not, and
 * NOT_PLAIN when `plain` holds a key plainToInstance treats specially. On anything but an
 * instance, class-validator decides and words the errors.
 */
export const REJECTED = Symbol('rejected');
export type CompiledCheck<T> = (plain: object) => T | typeof REJECTED | typeof NOT_PLAIN;

const rules = new ClassValidatorRules();
// Patterns are compiled without the `u` flag, as class-validator's `matches` compiles them.
const ajv = new Ajv({ allErrors: false, unicodeRegExp: false, strict: true, keywords: [rules.keyword()] });
const compiled = new Map<ClassConstructor<object>, CompiledCheck<object> | undefined>();

/**
 * The compiled check of a payload class, built once: shape the input as plainToInstance would,
 * then validate that instance against the class's validation schema. Undefined when the class
 * uses a rule the schema cannot state exactly (see unsupportedRules): class-validator alone
 * checks it then.
 */
export function compiledCheckFor<T extends object>(type: ClassConstructor<T>): CompiledCheck<T> | undefined {
  if (!compiled.has(type)) compiled.set(type, compile(type));
  return compiled.get(type) as CompiledCheck<T> | undefined;
}

function compile<T extends object>(type: ClassConstructor<T>): CompiledCheck<T> | undefined {
  if (unsupportedRules(type).length > 0) return undefined;
  const validate: ValidateFunction = ajv.compile(
    validationSchema(type, (metadata) => rules.register(metadata)),
  );
  return (plain) => {
    const instance = toInstance(type, plain);
    if (instance === NOT_PLAIN) return NOT_PLAIN;
    return validate(instance) ? instance : REJECTED;
  };
}
