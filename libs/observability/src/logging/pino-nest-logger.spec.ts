import { captureLines } from './capture-lines';
import { createLogger } from './logger';
import { PinoNestLogger } from './pino-nest-logger';

describe('PinoNestLogger', () => {
  const setup = (level = 'info') => {
    const destination = captureLines();
    return {
      lines: destination.lines,
      logger: new PinoNestLogger(createLogger({ service: 'order', level, destination })),
    };
  };

  it('writes Nest messages with their context as JSON lines', () => {
    const { lines, logger } = setup();

    logger.log('Mapped {/orders, POST} route', 'RouterExplorer');
    logger.warn('slow start');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'Mapped {/orders, POST} route',
        context: 'RouterExplorer',
      }),
      expect.objectContaining({ level: 'warn', msg: 'slow start', service: 'order' }),
    ]);
    expect(lines[1]).not.toHaveProperty('context');
  });

  it('keeps the stack trace Nest passes to error()', () => {
    const { lines, logger } = setup();
    const stack = 'Error: boom\n    at handler (/app/main.js:1:1)';

    logger.error('boom', stack, 'ExceptionsHandler');
    logger.error('just a message', 'Bootstrap');

    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack, context: 'ExceptionsHandler' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'just a message', context: 'Bootstrap' });
    expect(lines[1]).not.toHaveProperty('stack');
  });

  it('serializes an Error message and merges an object message', () => {
    const { lines, logger } = setup();

    logger.error(new Error('database down'), 'TypeOrmModule');
    logger.log({ msg: 'consumer started', durable: 'order-commands' }, 'JetStreamServer');

    expect(lines[0]).toMatchObject({
      msg: 'database down',
      context: 'TypeOrmModule',
      err: { message: 'database down' },
    });
    expect(lines[1]).toMatchObject({
      msg: 'consumer started',
      durable: 'order-commands',
      context: 'JetStreamServer',
    });
  });

  it('maps verbose to trace and respects the level', () => {
    const { lines, logger } = setup('debug');

    logger.verbose('too detailed');
    logger.debug('detail');
    logger.fatal('going down');

    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['debug', 'detail'],
      ['fatal', 'going down'],
    ]);
  });
});
