import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@test/support';
import {
  installedPostgresVersion,
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
