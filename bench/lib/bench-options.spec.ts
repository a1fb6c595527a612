import { BenchUsageError, DEFAULT_BENCH_OPTIONS, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('reads --sagas, --concurrency and --saga-timeout-ms', () => {
    expect(
      parseBenchOptions(['--sagas', '2000', '--concurrency', '64', '--saga-timeout-ms', '5000']),
    ).toEqual({
      sagas: 2000,
      concurrency: 64,
      sagaTimeoutMs: 5000,
    });
  });

  it('accepts the --flag=value form', () => {
    expect(parseBenchOptions(['--sagas=10', '--concurrency=1'])).toMatchObject({ sagas: 10, concurrency: 1 });
  });

  it('falls back to the defaults', () => {
    expect(parseBenchOptions([])).toEqual(DEFAULT_BENCH_OPTIONS);
  });

  it.each([
    [['--sagas', '0'], "--sagas must be a positive integer, got '0'"],
    [['--sagas=-5'], "--sagas must be a positive integer, got '-5'"],
    [['--concurrency', '2.5'], "--concurrency must be a positive integer, got '2.5'"],
    [['--concurrency', 'many'], "--concurrency must be a positive integer, got 'many'"],
    [['--sagas', '1e3'], "--sagas must be a positive integer, got '1e3'"],
    [['--saga-timeout-ms', ''], "--saga-timeout-ms must be a positive integer, got ''"],
    [['--sagas', '99999999999999999999'], "--sagas must be a positive integer, got '99999999999999999999'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseBenchOptions(args)).toThrow(new BenchUsageError(message));
  });

  it('refuses more clients than sagas', () => {
    expect(() => parseBenchOptions(['--sagas', '10', '--concurrency', '64'])).toThrow(
      '--concurrency (64) cannot exceed --sagas (10)',
    );
  });

  it('refuses unknown flags, stray positionals and a flag without its value', () => {
    expect(() => parseBenchOptions(['--saga', '10'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['10'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--sagas'])).toThrow(BenchUsageError);
  });
});
