import { EventEmitter } from 'node:events';
import { Metrics } from '@app/observability';
import { installProcessFailureHandlers } from './process-failure-handlers';

describe('installProcessFailureHandlers', () => {
  const setup = () => {
    const target = new EventEmitter();
    const logger = { error: jest.fn(), fatal: jest.fn() };
    const metrics = new Metrics();
    metrics.setService('payment');
    const exit = jest.fn();
    const uninstall = installProcessFailureHandlers({
      service: 'payment',
      logger,
      metrics,
      exit,
      target: target as unknown as NodeJS.Process,
    });
    const counted = async () =>
      await metrics.registry.getSingleMetricAsString('process_unhandled_failures_total');
    return { target, logger, exit, uninstall, counted };
  };

  it('logs and counts an unhandled rejection, and keeps the process running', async () => {
    const { target, logger, exit, counted } = setup();
    target.emit('unhandledRejection', new RangeError('Maximum call stack size exceeded'), Promise.resolve());
    target.emit('unhandledRejection', 'a bare string', Promise.resolve());
    expect(exit).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      { err: expect.any(RangeError), event: 'unhandledRejection' },
      'payment: unhandled promise rejection (RangeError: Maximum call stack size exceeded); the process keeps running',
    );
    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(await counted()).toContain(
      'process_unhandled_failures_total{kind="unhandledRejection",app="payment"} 2',
    );
  });

  it('logs an uncaught exception as fatal and exits 1', async () => {
    const { target, logger, exit, counted } = setup();
    target.emit('uncaughtException', new Error('socket closed'), 'uncaughtException');
    expect(logger.fatal).toHaveBeenCalledWith(
      { err: expect.any(Error), event: 'uncaughtException', origin: 'uncaughtException' },
      expect.stringContaining('payment: uncaught exception (Error: socket closed); exiting with 1'),
    );
    expect(exit).toHaveBeenCalledWith(1);
    expect(await counted()).toContain('kind="uncaughtException"');
  });

  it('removes both handlers again', () => {
    const { target, uninstall } = setup();
    uninstall();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
    expect(target.listenerCount('uncaughtException')).toBe(0);
  });
});
