import { ErrorCode, NatsError } from 'nats';
import { isJetStreamNotReady, provisionWhenReady } from './provision-streams';

const instant = { initialMs: 0, maxMs: 0, jitter: 'none' } as const;

describe('provisionWhenReady', () => {
  it('retries while JetStream times out or has no leader yet, then succeeds', async () => {
    const failures = [
      new NatsError('TIMEOUT', ErrorCode.Timeout),
      new Error('cannot provision JetStream stream SAGA_COMMANDS: JetStream system temporarily unavailable'),
    ];
    const warnings: string[] = [];
    let calls = 0;
    await provisionWhenReady(
      async () => {
        calls += 1;
        const failure = failures.shift();
        if (failure) throw failure;
      },
      (message) => warnings.push(message),
      instant,
    );
    expect(calls).toBe(3);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('not ready');
  });

  it('throws a refused configuration at once', async () => {
    let calls = 0;
    const refused = new Error(
      'cannot provision JetStream stream SAGA_DLQ: subjects overlap with an existing stream',
    );
    await expect(
      provisionWhenReady(
        async () => {
          calls += 1;
          throw refused;
        },
        () => undefined,
        instant,
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});

describe('isJetStreamNotReady', () => {
  it.each([
    [new NatsError('503', ErrorCode.NoResponders), true],
    [new Error('stream info failed: TIMEOUT'), true],
    [new Error('insufficient storage resources available'), false],
    [new Error('stream name already in use with a different configuration'), false],
  ])('%s → %s', (error, expected) => {
    expect(isJetStreamNotReady(error)).toBe(expected);
  });
});
