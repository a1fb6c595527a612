import { groupOfCommandLine, groupOfPostgresProcess } from './platform-processes';

describe('groupOfCommandLine', () => {
  it('knows an app by its compiled main.js, wherever the checkout is', () => {
    expect(
      groupOfCommandLine(['/usr/bin/node', '--enable-source-maps', 'dist/apps/payment/src/main.js']),
    ).toBe('payment');
    expect(groupOfCommandLine(['node', '/srv/saga/dist/apps/gateway/src/main.js'])).toBe('gateway');
  });

  it("knows npm start's supervisor", () => {
    expect(
      groupOfCommandLine(['/usr/bin/node', '/w/node_modules/tsx/dist/cli.mjs', 'scripts/start.ts']),
    ).toBe('supervisor');
  });

  it('leaves out other node processes and apps that are not the platform’s', () => {
    expect(groupOfCommandLine(['node', 'dist/apps/billing/src/main.js'])).toBeUndefined();
    expect(
      groupOfCommandLine(['node', 'node_modules/.bin/jest', 'dist/apps/order/src/main.ts']),
    ).toBeUndefined();
    expect(groupOfCommandLine([])).toBeUndefined();
  });
});

describe('groupOfPostgresProcess', () => {
  const platform = new Set(['saga_orchestrator']);

  it("books the platform database's client backends, and every background process", () => {
    expect(
      groupOfPostgresProcess(
        { pid: 1, datname: 'saga_orchestrator', backend_type: 'client backend' },
        platform,
      ),
    ).toBe('postgresBackends');
    expect(groupOfPostgresProcess({ pid: 2, datname: null, backend_type: 'walwriter' }, platform)).toBe(
      'postgresBackground',
    );
    expect(
      groupOfPostgresProcess(
        { pid: 3, datname: 'saga_orchestrator', backend_type: 'autovacuum worker' },
        platform,
      ),
    ).toBe('postgresBackground');
  });

  it("leaves out other databases' client backends (tests, the bench's own monitor)", () => {
    expect(
      groupOfPostgresProcess({ pid: 4, datname: 'postgres', backend_type: 'client backend' }, platform),
    ).toBeUndefined();
  });
});
