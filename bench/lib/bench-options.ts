import { parseArgs } from 'node:util';

export interface BenchOptions {
  sagas: number;
  /** Sagas in flight at once: each of this many clients starts its next saga when the last one finished. */
  concurrency: number;
  /** A saga not terminal this long after its POST counts as lost. */
  sagaTimeoutMs: number;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = { sagas: 1_000, concurrency: 32, sagaTimeoutMs: 60_000 };

export const BENCH_USAGE =
  'usage: npm run bench -- [--sagas N] [--concurrency C] [--saga-timeout-ms MS]\n' +
  `  defaults: --sagas ${DEFAULT_BENCH_OPTIONS.sagas} --concurrency ${DEFAULT_BENCH_OPTIONS.concurrency} ` +
  `--saga-timeout-ms ${DEFAULT_BENCH_OPTIONS.sagaTimeoutMs}`;

/** A command line the bench cannot run with; the message names the flag. */
export class BenchUsageError extends Error {}

/** Parses `npm run bench -- …` arguments; throws a BenchUsageError for anything unknown or out of range. */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        sagas: { type: 'string' },
        concurrency: { type: 'string' },
        'saga-timeout-ms': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const sagas = positiveInteger(values.sagas, '--sagas', DEFAULT_BENCH_OPTIONS.sagas);
  const concurrency = positiveInteger(values.concurrency, '--concurrency', DEFAULT_BENCH_OPTIONS.concurrency);
  const sagaTimeoutMs = positiveInteger(
    values['saga-timeout-ms'],
    '--saga-timeout-ms',
    DEFAULT_BENCH_OPTIONS.sagaTimeoutMs,
  );
  if (concurrency > sagas) {
    throw new BenchUsageError(`--concurrency (${concurrency}) cannot exceed --sagas (${sagas})`);
  }
  return { sagas, concurrency, sagaTimeoutMs };
}

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new BenchUsageError(`${flag} must be a positive integer, got '${value}'`);
  }
  return parsed;
}
