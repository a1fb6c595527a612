import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Node's own defaults would end the process on the rejection already; the handlers decide instead. */
describe('process failure handlers in a real process', () => {
  it('keeps running after an unhandled rejection and exits 1 on an uncaught exception, logging both', async () => {
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), join(__dirname, '..', 'test', 'process-failure-child.ts')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const lines = output.split('\n').filter((line) => line.length > 0);
    const rejection = lines.findIndex((line) => line.includes('unhandled promise rejection'));
    const running = lines.indexOf('still running after the rejection');
    const exception = lines.findIndex((line) => line.includes('uncaught exception'));
    expect({
      exitCode,
      order: [rejection, running, exception].every((at, i, all) => at >= 0 && (i === 0 || at > all[i - 1])),
    }).toEqual({
      exitCode: 1,
      order: true,
    });
    expect(JSON.parse(lines[rejection])).toMatchObject({
      level: 'error',
      service: 'payment',
      event: 'unhandledRejection',
      err: { type: 'RangeError', message: 'Maximum call stack size exceeded' },
      msg: 'payment: unhandled promise rejection (RangeError: Maximum call stack size exceeded); the process keeps running',
    });
    expect(JSON.parse(lines[exception])).toMatchObject({
      level: 'fatal',
      event: 'uncaughtException',
      err: { message: 'state unknown' },
    });
  });
});
