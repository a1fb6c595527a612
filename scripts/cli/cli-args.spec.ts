import { UsageError, parseCliArgs } from './cli-args';

const ID = '0b8f6a53-5a56-4a4e-8a0c-3c6f2d9a1e7b';

describe('parseCliArgs', () => {
  it('reads each command with its options', () => {
    expect(parseCliArgs(['list'])).toEqual({ name: 'list', json: false });
    expect(
      parseCliArgs([
        'list',
        '--status',
        'FAILED',
        '--type',
        'order-fulfillment',
        '--business-key',
        'o-1',
        '--json',
      ]),
    ).toEqual({ name: 'list', status: 'FAILED', type: 'order-fulfillment', businessKey: 'o-1', json: true });
    expect(parseCliArgs(['show', ID, '--json'])).toEqual({ name: 'show', sagaId: ID, json: true });
    expect(parseCliArgs(['retry', ID])).toEqual({ name: 'retry', sagaId: ID, json: false });
    expect(parseCliArgs(['retry', ID, '--reason', 'fixed'])).toMatchObject({ reason: 'fixed' });
    expect(parseCliArgs(['abort', ID, '--reason=customer called', '--dry-run'])).toEqual({
      name: 'abort',
      sagaId: ID,
      reason: 'customer called',
      dryRun: true,
      json: false,
    });
    expect(parseCliArgs(['dead-letters'])).toEqual({ name: 'dead-letters', action: 'list', json: false });
    expect(parseCliArgs(['dead-letters', 'list', '--json'])).toMatchObject({ action: 'list', json: true });
    expect(parseCliArgs(['dead-letters', 'replay', '42'])).toMatchObject({ action: 'replay', id: '42' });
    expect(parseCliArgs(['dead-letters', 'delete', '42'])).toMatchObject({ action: 'delete', id: '42' });
  });

  it('answers help to nothing, help, --help and -h', () => {
    for (const argv of [[], ['help'], ['--help'], ['list', '-h']])
      expect(parseCliArgs(argv)).toEqual({ name: 'help' });
  });

  it.each([
    [['frob'], "unknown command 'frob'"],
    [['show'], 'show takes one saga id'],
    [['show', ID, ID], 'show takes one saga id'],
    [['list', 'extra'], 'list takes no operands'],
    [['abort', ID], 'abort needs --reason R'],
    [['abort', ID, '--reason', '  '], '--reason must not be blank'],
    [['show', ID, '--dry-run'], 'show takes no --dry-run'],
    [['list', '--reason', 'x'], 'list takes no --reason'],
    [['list', '--colour'], "Unknown option '--colour'"],
    [['list', '--status'], "Option '--status <value>' argument missing"],
    [['dead-letters', 'replay'], 'dead-letters takes list, replay <id> or delete <id>'],
    [['dead-letters', 'purge', '1'], 'dead-letters takes list, replay <id> or delete <id>'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
