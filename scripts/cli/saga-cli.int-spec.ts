import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pollUntil } from '@test/support';
import type { StubAnswer, StubCommand } from '@test/support';
import { AdminApp, type SagaBody, startAdminApp } from '../../apps/orchestrator/test/admin-app';

const ROOT = join(__dirname, '..', '..');
const LAUNCHER = join(ROOT, 'scripts', 'saga-cli.cjs');
/** The `show` output of a compensated saga, captured for the README's "CLI" section. */
const SAMPLE = join(ROOT, 'test-artifacts', 'cli', 'saga-show.txt');

const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: 5, retryMaxBackoffMs: 20 },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};
const ok: StubAnswer = { outcome: 'SUCCESS' };
const declined: StubAnswer = {
  outcome: 'BUSINESS_FAILURE',
  error: { code: 'PAYMENT_DECLINED', message: 'the card was declined' },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('npx saga (the CLI as a process, against a real orchestrator admin API)', () => {
  let admin: AdminApp;
  let env: NodeJS.ProcessEnv;

  /** Runs the package's `bin` as npm would: `node scripts/saga-cli.cjs …`. */
  const saga = (args: string[], overrides: NodeJS.ProcessEnv = {}) =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [LAUNCHER, ...args],
        { cwd: ROOT, env: { ...env, ...overrides } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const api = async (path: string) =>
    (await admin.http().get(path).set('Authorization', `Bearer ${admin.token}`).expect(200)).body as SagaBody;
  const isStatus = (status: string) => (body: SagaBody) => body.status === status;

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_cli', SETTINGS);
    const port = new URL(admin.http().get('/').url).port;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ORCHESTRATOR_URL: `http://127.0.0.1:${port}`,
      ADMIN_TOKEN: admin.token,
    };
  });

  afterAll(async () => {
    await admin.stop();
  });

  it('lists sagas as a table and as the API’s JSON, by business key', async () => {
    const started = await admin.startSaga();
    await admin.waitForSaga(started.sagaId, isStatus('COMPLETED'), 'completed');

    const table = await saga(['list']);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SAGA\s+TYPE\s+STATUS\s+STEP\s+BUSINESS KEY\s+CREATED\s+UPDATED$/);
    expect(lines.find((line) => line.startsWith(started.sagaId))).toMatch(
      new RegExp(`order-fulfillment\\s+COMPLETED\\s+approve-order\\s+${started.orderId}`),
    );

    const json = await saga(['list', '--business-key', started.orderId, '--json']);
    expect(json.code).toBe(0);
    const fromApi = (
      await admin
        .http()
        .get(`/admin/sagas?businessKey=${started.orderId}&limit=500`)
        .set('Authorization', `Bearer ${admin.token}`)
    ).body as unknown;
    expect(JSON.parse(json.stdout)).toEqual(fromApi);
    expect((JSON.parse(json.stdout) as { items: unknown[] }).items).toHaveLength(1);

    expect((await saga(['list', '--status', 'NOPE'])).code).toBe(1);
  });

  it('shows a saga: steps, timeline with times and durations; --json prints the API’s JSON', async () => {
    const started = await admin.startSaga((command) =>
      command.type === 'payment.authorize' ? declined : ok,
    );
    await admin.waitForSaga(started.sagaId, isStatus('COMPENSATED'), 'compensated');

    const shown = await saga(['show', started.sagaId]);
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `saga ${started.sagaId}  order-fulfillment v1  COMPENSATED`,
      `business key   ${started.orderId}`,
      'current step   create-order',
      'next deadline  none',
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}STEP\s+KIND\s+STATUS\s+ATTEMPTS\s+STARTED\s+DURATION\s+ERROR$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}authorize-payment\s+compensatable\s+FAILED\s+1\s+\S+Z\s+\d+ ms\s+PAYMENT_DECLINED the card was declined$/,
      ),
    );
    expect(lines).toContain('timeline');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}\d\d:\d\d:\d\d\.\d{3}\s+\+\d+ ms {2}✓ reserve-inventory\s+compensated \(in \d+ ms\)$/,
      ),
    );
    expect(lines.at(-1)).toMatch(/■\s+saga COMPENSATED$/);
    await mkdir(join(SAMPLE, '..'), { recursive: true });
    await writeFile(SAMPLE, shown.stdout);

    const json = await saga(['show', started.sagaId, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(await api(`/admin/sagas/${started.sagaId}`));

    const unknown = randomUUID();
    const missing = await saga(['show', unknown]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`saga: GET /admin/sagas/${unknown}: Saga ${unknown} not found\n`);
  });

  it('exits 3 with one line when the orchestrator refuses a retry or an abort', async () => {
    const started = await admin.startSaga();
    await admin.waitForSaga(started.sagaId, isStatus('COMPLETED'), 'completed');

    const retry = await saga(['retry', started.sagaId, '--reason', 'try']);
    expect(retry.code).toBe(3);
    expect(retry.stdout).toBe('');
    expect(retry.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(retry.stderr).toMatch(/^saga: POST \/admin\/sagas\/.*\/retry: saga is COMPLETED/);

    const abort = await saga(['abort', started.sagaId, '--reason', 'late']);
    expect(abort).toMatchObject({ code: 3, stderr: expect.stringContaining('saga is already COMPLETED') });
    const dryRun = await saga(['abort', started.sagaId, '--reason', 'late', '--dry-run']);
    expect(dryRun).toMatchObject({ code: 3, stderr: expect.stringContaining('saga is already COMPLETED') });
  });

  it('aborts with --dry-run first: lists the compensations and changes nothing; then aborts', async () => {
    const started = await admin.startSaga((command) =>
      command.type === 'payment.authorize' ? 'no-reply' : ok,
    );
    await pollUntil(
      () =>
        admin.stubs
          .distinct()
          .some((c: StubCommand) => c.sagaId === started.sagaId && c.type === 'payment.authorize'),
      {},
      'payment.authorize sent',
    );
    const before = await api(`/admin/sagas/${started.sagaId}`);

    const dryRun = await saga(['abort', started.sagaId, '--reason', 'customer called', '--dry-run']);
    expect(dryRun).toMatchObject({ code: 0, stderr: '' });
    expect(dryRun.stdout.trimEnd().split('\n')).toEqual([
      `aborting saga ${started.sagaId} would send, in this order (nothing was changed):`,
      '  1. payment.void  (undoes authorize-payment)',
      '  2. inventory.release  (undoes reserve-inventory)',
      '  3. order.cancel  (undoes create-order)',
    ]);
    const dryJson = await saga([
      'abort',
      started.sagaId,
      '--reason',
      'customer called',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(dryJson.stdout)).toEqual({
      compensations: [
        { step: 'authorize-payment', command: 'payment.void' },
        { step: 'reserve-inventory', command: 'inventory.release' },
        { step: 'create-order', command: 'order.cancel' },
      ],
    });
    expect(await api(`/admin/sagas/${started.sagaId}`)).toEqual(before);

    const aborted = await saga(['abort', started.sagaId, '--reason', 'customer called']);
    expect(aborted).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^aborted saga .*: now COMPENSAT(ING|ED)\n$/),
    });
    await admin.waitForSaga(started.sagaId, isStatus('COMPENSATED'), 'compensated');
  });

  it('lists dead letters, and exits 1 with one line on a bad command, token or address', async () => {
    expect(await saga(['dead-letters'])).toEqual({ code: 0, stdout: '(no dead letters)\n', stderr: '' });
    expect(JSON.parse((await saga(['dead-letters', 'list', '--json'])).stdout)).toEqual({
      items: [],
      nextCursor: null,
    });
    const gone = await saga(['dead-letters', 'delete', '999999']);
    expect(gone).toMatchObject({
      code: 1,
      stderr: 'saga: DELETE /admin/dead-letters/999999: Dead letter 999999 not found\n',
    });

    expect(await saga(['abort', randomUUID()])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^saga: abort needs --reason R.*\n$/),
    });
    expect(await saga(['list'], { ADMIN_TOKEN: 'wrong' })).toMatchObject({
      code: 1,
      stderr:
        'saga: the orchestrator refused the admin token: set ADMIN_TOKEN to the one `npm start` printed\n',
    });
    expect(await saga(['list'], { ADMIN_TOKEN: '' })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('ADMIN_TOKEN is not set'),
    });
    expect(await saga(['list'], { ORCHESTRATOR_URL: 'http://127.0.0.1:9' })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^saga: cannot reach the orchestrator at http:\/\/127\.0\.0\.1:9/),
    });
  });
});
