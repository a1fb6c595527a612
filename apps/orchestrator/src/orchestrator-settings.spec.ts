import {
  DEFAULT_DEADLINE_POLL_MS,
  DEFAULT_REPLY_CONCURRENCY,
  orchestratorSettingsFromEnv,
} from './orchestrator-settings';

describe('orchestratorSettingsFromEnv', () => {
  it('keeps the saga definitions’ timings and the defaults when nothing is set', () => {
    expect(orchestratorSettingsFromEnv({})).toEqual({
      tuning: {},
      replyConcurrency: DEFAULT_REPLY_CONCURRENCY,
      deadlinePollMs: DEFAULT_DEADLINE_POLL_MS,
    });
  });

  it('reads every variable', () => {
    expect(
      orchestratorSettingsFromEnv({
        SAGA_STEP_TIMEOUT_MS: '1500',
        SAGA_RETRY_INITIAL_BACKOFF_MS: '10',
        SAGA_RETRY_MAX_BACKOFF_MS: ' 200 ',
        SAGA_REPLY_CONCURRENCY: '32',
        SAGA_DEADLINE_POLL_MS: '50',
        SAGA_ATTENTION_AFTER_ATTEMPTS: '4',
        SAGA_UNRELATED: 'x',
      }),
    ).toEqual({
      tuning: { stepTimeoutMs: 1500, retryInitialBackoffMs: 10, retryMaxBackoffMs: 200 },
      replyConcurrency: 32,
      deadlinePollMs: 50,
      attentionAfterAttempts: 4,
    });
  });

  it.each([
    ['SAGA_STEP_TIMEOUT_MS', 'soon'],
    ['SAGA_REPLY_CONCURRENCY', '0'],
    ['SAGA_DEADLINE_POLL_MS', '-5'],
    ['SAGA_RETRY_MAX_BACKOFF_MS', '1.5'],
    ['SAGA_ATTENTION_AFTER_ATTEMPTS', '0'],
  ])('rejects %s=%s with one line naming it', (variable, value) => {
    expect(() => orchestratorSettingsFromEnv({ [variable]: value })).toThrow(
      `Invalid configuration: ${variable}: must be a positive integer (got '${value}')`,
    );
  });
});
