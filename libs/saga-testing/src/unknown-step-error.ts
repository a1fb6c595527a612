import { SagaExpectationError } from './saga-expectation-error';

/** What naming a step needs of a definition, whatever its data type. */
interface NamedSteps {
  readonly type: string;
  readonly version: number;
  readonly steps: readonly { readonly name: string }[];
}

/*
 * A test that names a step the saga does not have (a typo, a renamed step) is refused, rather than
 * read as "that step did nothing", which could let an expectation pass for the wrong reason.
 */

export function unknownStepMessage(
  definition: NamedSteps,
  stepNames: readonly string[],
  where: string,
): string {
  const steps = definition.steps.map((step) => step.name).join(', ');
  const names = stepNames.map((name) => `'${name}'`).join(', ');
  return `${where}: saga ${definition.type} v${definition.version} has no step ${names} (its steps: ${steps})`;
}

/** The step names of `names` that `definition` does not have. */
export function unknownStepNames(definition: NamedSteps, names: Iterable<string>): string[] {
  const known = new Set(definition.steps.map((step) => step.name));
  return [...names].filter((name) => !known.has(name));
}

export class UnknownStepError extends SagaExpectationError {
  constructor(
    definition: NamedSteps,
    readonly stepNames: readonly string[],
    where: string,
  ) {
    super(unknownStepMessage(definition, stepNames, where));
    this.name = 'UnknownStepError';
  }
}
