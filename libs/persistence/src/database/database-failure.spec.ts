import {
  isDatabaseContention,
  isDatabaseInfrastructureFailure,
  isDatabaseUnavailable,
} from './database-failure';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('database failure classification', () => {
  it.each([
    withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'),
    withCode('08006'),
    withCode('53300', 'sorry, too many clients already'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Query runner already released. Cannot run queries anymore.'),
    Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
    new Error('saga could not be written', { cause: withCode('ECONNRESET') }),
  ])('reads %p as the database being unavailable', (error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseInfrastructureFailure(error)).toBe(true);
  });

  it.each([withCode('40001'), withCode('40P01'), withCode('55P03'), withCode('57014')])(
    'reads %p as contention a retry resolves',
    (error) => {
      expect(isDatabaseContention(error)).toBe(true);
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(isDatabaseInfrastructureFailure(error)).toBe(true);
    },
  );

  it.each([
    withCode('23505', 'duplicate key value violates unique constraint'),
    withCode('22012', 'division by zero'),
    withCode('42P01', 'relation "x" does not exist'),
    new Error('quantity must be positive'),
    'a string',
    undefined,
    null,
  ])('reads %p as a failure of the work itself', (error) => {
    expect(isDatabaseInfrastructureFailure(error)).toBe(false);
  });

  it('stops on a cause cycle', () => {
    const first = new Error('first') as Error & { cause?: unknown };
    const second = new Error('second', { cause: first });
    first.cause = second;
    expect(isDatabaseInfrastructureFailure(first)).toBe(false);
  });
});
