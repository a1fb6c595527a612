import { PassThrough } from 'node:stream';
import { expectEventually } from '@test/support';
import { ProcessSpec, Supervisor, describeExit } from './supervisor';

/** A node child that prints its lines, then waits; on SIGTERM it says goodbye and exits 0. */
function nodeChild(name: string, script: string): ProcessSpec {
  return { name, command: process.execPath, args: ['-e', script] };
}
const politeChild = (name: string, lines: string) =>
  nodeChild(
    name,
    `process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });` +
      `process.stdout.write(${JSON.stringify(lines)}); setInterval(() => {}, 1000);`,
  );

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('Supervisor', () => {
  let supervisor: Supervisor | undefined;

  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });

  it('prefixes every output line with the process name and stops all processes with SIGTERM', async () => {
    const stdout = capture();
    const stderr = capture();
    supervisor = new Supervisor({ stdout: stdout.stream, stderr: stderr.stream, color: false });
    supervisor.start([
      politeChild('gateway', 'listening on 3000\nready\n'),
      nodeChild(
        'order',
        `process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });` +
          `console.error('a warning'); process.stdout.write('partial '); setTimeout(() => console.log('line'), 20);` +
          `setInterval(() => {}, 1000);`,
      ),
    ]);

    await expectEventually(() => {
      expect(stdout.text()).toContain('[gateway] ready\n');
      expect(stdout.text()).toContain('[order]   partial line\n');
    });
    const exits = await supervisor.stop();

    expect(exits).toEqual([
      { name: 'gateway', code: 0, signal: null },
      { name: 'order', code: 0, signal: null },
    ]);
    expect(stdout.text().split('\n').filter(Boolean).sort()).toEqual([
      '[gateway] bye',
      '[gateway] listening on 3000',
      '[gateway] ready',
      '[order]   bye',
      '[order]   partial line',
    ]);
    expect(stderr.text()).toBe('[order]   a warning\n');
  });

  it('reports the first process that exits on its own', async () => {
    const stdout = capture();
    supervisor = new Supervisor({ stdout: stdout.stream, stderr: capture().stream, color: false });
    supervisor.start([
      politeChild('payment', 'ready\n'),
      nodeChild('shipping', `console.log('giving up'); process.exit(3);`),
    ]);

    const exit = await supervisor.unexpectedExit;

    expect(exit).toEqual({ name: 'shipping', code: 3, signal: null });
    expect(describeExit(exit)).toBe('exited with code 3');
    expect(stdout.text()).toContain('[shipping] giving up\n');
  });

  it('kills a process that ignores SIGTERM once the stop timeout has passed', async () => {
    const stdout = capture();
    const stderr = capture();
    supervisor = new Supervisor({
      stdout: stdout.stream,
      stderr: stderr.stream,
      color: false,
      stopTimeoutMs: 200,
    });
    supervisor.start([
      nodeChild(
        'stubborn',
        `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);`,
      ),
    ]);
    await expectEventually(() => expect(stdout.text()).toContain('[stubborn] ready'));

    const [exit] = await supervisor.stop();

    expect(exit).toEqual({ name: 'stubborn', code: null, signal: 'SIGKILL' });
    expect(describeExit(exit)).toBe('was killed by SIGKILL');
    expect(stderr.text()).toContain('stubborn did not stop within 200 ms and was killed');
  });

  it('says so when a command cannot be started', async () => {
    const stderr = capture();
    supervisor = new Supervisor({ stdout: capture().stream, stderr: stderr.stream, color: false });
    supervisor.start([{ name: 'ghost', command: '/nonexistent/binary', args: [] }]);

    const exit = await supervisor.unexpectedExit;

    expect(exit.name).toBe('ghost');
    expect(stderr.text()).toContain('[ghost] could not start: spawn /nonexistent/binary ENOENT');
  });

  it('does not report processes it stopped itself as unexpected', async () => {
    supervisor = new Supervisor({ stdout: capture().stream, stderr: capture().stream, color: false });
    supervisor.start([politeChild('inventory', 'ready\n')]);
    await supervisor.stop();

    const outcome = await Promise.race([
      supervisor.unexpectedExit.then(() => 'reported'),
      new Promise((resolve) => setImmediate(() => resolve('not reported'))),
    ]);
    expect(outcome).toBe('not reported');
  });
});
