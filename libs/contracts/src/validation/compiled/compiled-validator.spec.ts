import { PLATFORM_CONTRACTS } from '../../platform-contracts';
import { isQueryContract } from '../../query-contract';
import { validatePayload, validateQueryResult } from '../../validate-payload';
import { classValidatorCheck, payloadShapeProblem } from '../class-validator-check';
import { REJECTED, compiledCheckFor } from './compiled-validator';
import { hugeVariants, mutated } from './testing/payload-mutations';
import { SeededRandom } from './testing/seeded-random';
import { validPayload } from './testing/valid-payload';
import { NOT_PLAIN } from './to-instance';
import type { ClassConstructor } from 'class-transformer';

const VALID_PER_CLASS = 25;
const MUTANTS_PER_VALID = 10;

/** Every payload class of the registry, and every query's result class. */
const CLASSES = PLATFORM_CONTRACTS.flatMap((contract) => [
  {
    name: `${contract.type} v${contract.version} payload`,
    type: contract.payload,
    contract,
    part: 'payload' as const,
  },
  ...(isQueryContract(contract)
    ? [
        {
          name: `${contract.type} v${contract.version} result`,
          type: contract.result,
          contract,
          part: 'result' as const,
        },
      ]
    : []),
]);

type Outcome = 'accepted' | 'rejected' | 'left to class-validator';

/** What the compiled path alone says, and whether it agrees with class-validator (with the same payload). */
function compare(
  type: ClassConstructor<object>,
  input: unknown,
): { compiled: Outcome; disagreement?: string } {
  const truth = classValidatorCheck(type, input);
  if (payloadShapeProblem(input)) return { compiled: 'left to class-validator' };
  const result = compiledCheckFor(type)!(input as object);
  if (result === NOT_PLAIN) return { compiled: 'left to class-validator' };
  if (result === REJECTED) {
    return truth.ok
      ? { compiled: 'rejected', disagreement: 'compiled rejects, class-validator accepts' }
      : { compiled: 'rejected' };
  }
  if (!truth.ok)
    return {
      compiled: 'accepted',
      disagreement: `compiled accepts, class-validator: ${truth.errors.join('; ')}`,
    };
  try {
    expect(result).toStrictEqual(truth.value);
  } catch {
    return { compiled: 'accepted', disagreement: 'both accept, but the payloads differ' };
  }
  return { compiled: 'accepted' };
}

function describeInput(input: unknown): string {
  const text =
    JSON.stringify(input, (_key, value: unknown) => (value === undefined ? '<undefined>' : value)) ??
    String(input);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}

describe('the compiled validator against class-validator (differential, seeded)', () => {
  it('compiles every contract class of the registry (none falls back to class-validator alone)', () => {
    const unsupported = CLASSES.filter(({ type }) => compiledCheckFor(type) === undefined).map(
      ({ name }) => name,
    );
    expect(unsupported).toEqual([]);
  });

  it.each(CLASSES.map((entry, index) => [entry.name, entry, index] as const))(
    '%s: same verdict and payload on generated valid and mutated inputs',
    (_name, { type, contract, part }, index) => {
      const random = new SeededRandom(0x5a6a + index);
      const disagreements: string[] = [];
      const counts: Record<Outcome, number> = { accepted: 0, rejected: 0, 'left to class-validator': 0 };
      let validAccepted = 0;
      const check = (input: unknown, generatedValid: boolean) => {
        const { compiled, disagreement } = compare(type, input);
        counts[compiled] += 1;
        if (generatedValid && compiled === 'accepted') validAccepted += 1;
        if (disagreement) disagreements.push(`${disagreement}: ${describeInput(input)}`);
        // The public entry point: exactly class-validator's result, error text included.
        const published =
          part === 'payload'
            ? validatePayload(contract, input)
            : validateQueryResult(contract as never, input);
        // A query answers null for "not found", before any class check.
        const truth =
          part === 'result' && input === null ? { ok: true, value: null } : classValidatorCheck(type, input);
        if (JSON.stringify(published) !== JSON.stringify(truth)) {
          disagreements.push(
            `validate${part === 'payload' ? 'Payload' : 'QueryResult'} differs: ${describeInput(input)}`,
          );
        }
      };
      for (let sample = 0; sample < VALID_PER_CLASS; sample += 1) {
        const valid = validPayload(type, random);
        check(valid, true);
        for (let mutation = 0; mutation < MUTANTS_PER_VALID; mutation += 1) {
          check(mutated(valid, random), false);
        }
        if (sample === 0) for (const huge of hugeVariants(valid, random)) check(huge, false);
      }
      for (const notAnObject of [null, [], 'text', 42, [validPayload(type, random)]])
        check(notAnObject, false);

      expect(disagreements).toEqual([]);
      // The generator must really produce accepted payloads, and the mutations rejected ones.
      expect(validAccepted).toBeGreaterThanOrEqual(VALID_PER_CLASS * 0.8);
      expect(counts.rejected).toBeGreaterThan(VALID_PER_CLASS * MUTANTS_PER_VALID * 0.3);
    },
  );
});
