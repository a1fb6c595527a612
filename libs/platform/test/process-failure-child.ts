/**
 * A process with the service's last-resort handlers: a rejection nobody awaits, then, once it
 * was handled, an exception nobody catches. Run by `process-failure-handlers.int-spec.ts`.
 */
import { installProcessFailureHandlers } from '../src/process-failure-handlers';

installProcessFailureHandlers({ service: 'payment' });
void Promise.reject(new RangeError('Maximum call stack size exceeded'));
setTimeout(() => {
  process.stdout.write('still running after the rejection\n');
  setTimeout(() => {
    throw new Error('state unknown');
  }, 10);
}, 50);
// Were the exception not fatal, this would keep the process alive.
setInterval(() => undefined, 1_000);
