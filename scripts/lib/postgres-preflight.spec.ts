import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@test/support';
import { DEFAULT_DATABASE_URL } from '@app/config';
import {
  PostgresCheck,
  checkPostgres,
  installedPostgresVersion,
  planPostgres,
  postgresFailureMessage,
  postgresProblem,
  serviceDatabaseUrls,
} from './postgres-preflight';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('postgresFailureMessage', () => {
  it('tells how to start a local server in one line', () => {
    expect(
      postgresFailureMessage('postgres://postgres@127.0.0.1:5432/saga_orchestrator', refused, '15'),
    ).toBe(
      'PostgreSQL is not reachable at postgres://postgres@127.0.0.1:5432/saga_orchestrator: start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start',
    );
    expect(postgresFailureMessage('postgres://localhost/db', refused, undefined)).toContain(
      'pg_ctlcluster --skip-systemctl-redirect <version> main start',
    );
  });

  it('does not suggest pg_ctlcluster for a remote server, and never prints the password', () => {
    const message = postgresFailureMessage('postgres://app:s3cret@db.internal:5432/saga', refused, '15');
    expect(message).toBe(
      'PostgreSQL is not reachable at postgres://app:***@db.internal:5432/saga: check that it is running and that DATABASE_URL is right (connect ECONNREFUSED 127.0.0.1:5432)',
    );
  });

  it('reports a refused login, and accepts a database that does not exist yet', () => {
    const badPassword = Object.assign(new Error('password authentication failed for user "app"'), {
      code: '28P01',
    });
    expect(postgresFailureMessage('postgres://app:x@127.0.0.1/saga', badPassword, '15')).toBe(
      'PostgreSQL at postgres://app:***@127.0.0.1/saga refused the login: password authentication failed for user "app"',
    );
    const missing = Object.assign(new Error('database "saga" does not exist'), { code: '3D000' });
    expect(postgresFailureMessage('postgres://127.0.0.1/saga', missing, '15')).toBeUndefined();
  });

  it('has no line breaks', () => {
    expect(postgresFailureMessage('postgres://127.0.0.1/saga', refused, '15')).not.toContain('\n');
  });
});

describe('postgresProblem', () => {
  it('reports a port where nothing listens', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/saga_orchestrator`;
    expect(await postgresProblem(url, 1000)).toMatch(
      /^PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:\d+\/saga_orchestrator: start it with: pg_ctlcluster/,
    );
    expect(await checkPostgres(url, 1000)).toMatchObject({ url, nothingListens: true });
  });
});

describe('installedPostgresVersion', () => {
  it('picks the newest major version directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'pg-versions-'));
    ['9', '15', '13', 'common'].forEach((name) => mkdirSync(join(root, name)));
    expect(installedPostgresVersion(root)).toBe('15');
    expect(installedPostgresVersion(join(root, 'missing'))).toBeUndefined();
  });
});

describe('serviceDatabaseUrls', () => {
  it('lists each database once, including per-service overrides', () => {
    expect(
      serviceDatabaseUrls({
        DATABASE_URL: 'postgres://a/shared',
        PAYMENT_DATABASE_URL: 'postgres://b/payments',
      }),
    ).toEqual(['postgres://a/shared', 'postgres://b/payments']);
  });
});

describe('planPostgres', () => {
  const ok = (url: string): PostgresCheck => ({ url, nothingListens: false });
  const nobody = (url: string): PostgresCheck => ({
    url,
    nothingListens: true,
    problem: `not reachable: ${url}`,
  });

  it('uses servers that answer', () => {
    expect(planPostgres([ok(DEFAULT_DATABASE_URL)])).toEqual({ action: 'use' });
    expect(planPostgres([ok('postgres://a/x'), ok('postgres://b/y')])).toEqual({ action: 'use' });
  });

  it('starts an embedded server on the default port when nothing listens on the default URL', () => {
    expect(planPostgres([nobody(DEFAULT_DATABASE_URL)])).toEqual({ action: 'start-embedded', port: 5432 });
  });

  it('never replaces a configured server: reports its problem instead', () => {
    const url = 'postgres://postgres@127.0.0.1:5433/saga_orchestrator';
    expect(planPostgres([nobody(url)])).toEqual({ action: 'fail', message: `not reachable: ${url}` });
    expect(planPostgres([nobody(DEFAULT_DATABASE_URL), ok('postgres://b/payments')])).toEqual({
      action: 'fail',
      message: `not reachable: ${DEFAULT_DATABASE_URL}`,
    });
  });

  it('does not start one when a server listens but refuses the login', () => {
    const refusedLogin = { url: DEFAULT_DATABASE_URL, nothingListens: false, problem: 'refused the login' };
    expect(planPostgres([refusedLogin])).toEqual({ action: 'fail', message: 'refused the login' });
  });
});
