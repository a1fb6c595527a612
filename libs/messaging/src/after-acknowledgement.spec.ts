import { afterAcknowledgement, collectDeferred, startDeferred } from './after-acknowledgement';

describe('afterAcknowledgement', () => {
  const logger = () => ({
    errors: [] as string[],
    error(message: string) {
      this.errors.push(message);
    },
    warn() {},
  });

  it('outside a handler runs the task at once and resolves when it does', async () => {
    const order: string[] = [];
    const done = afterAcknowledgement(async () => {
      order.push('task started');
      await Promise.resolve();
      order.push('task done');
    });
    order.push('returned');
    await done;

    expect(order).toEqual(['task started', 'returned', 'task done']);
  });

  it('inside a handler collects the task, resolves at once, and startDeferred runs it synchronously', async () => {
    const tasks: Array<() => Promise<void>> = [];
    const ran: string[] = [];

    await collectDeferred(tasks, async () => {
      await Promise.resolve(); // the scope follows the handler across awaits
      await afterAcknowledgement(async () => {
        ran.push('first');
      });
      await afterAcknowledgement(async () => {
        ran.push('second');
      });
    });
    expect(ran).toEqual([]);
    expect(tasks).toHaveLength(2);

    startDeferred(tasks, logger());

    expect(ran).toEqual(['first', 'second']); // before any await: in the settling tick
    expect(tasks).toHaveLength(0); // started once only
  });

  it('logs a task that throws or rejects and still starts the others', async () => {
    const log = logger();
    const ran: string[] = [];
    const tasks: Array<() => Promise<void>> = [
      () => {
        throw new Error('thrown before any await');
      },
      async () => {
        throw new Error('rejected');
      },
      async () => {
        ran.push('third');
      },
    ];

    startDeferred(tasks, log);
    await new Promise((resolve) => setImmediate(resolve));

    expect(ran).toEqual(['third']);
    expect(log.errors).toEqual([
      'work deferred until acknowledgement failed: thrown before any await',
      'work deferred until acknowledgement failed: rejected',
    ]);
  });
});
