import { DEFAULT_RETENTION, retentionSettingsFromEnv } from './retention-settings';

describe('retentionSettingsFromEnv', () => {
  const windows = { duplicateWindowMs: 120_000, redeliverySpanMs: 990_000, idempotencyKeyTtlMs: 86_400_000 };

  it('defaults to hourly pruning, 7 days of inbox and ledger, 30 days of finished sagas', () => {
    expect(retentionSettingsFromEnv(windows, {})).toEqual({
      pruneIntervalMs: 3_600_000,
      batchSize: 1_000,
      inboxRetentionMs: 7 * 86_400_000,
      finishedSagaRetentionMs: 30 * 86_400_000,
    });
    expect(DEFAULT_RETENTION.inboxRetentionMs).toBeGreaterThan(windows.idempotencyKeyTtlMs);
  });

  it('reads each variable', () => {
    expect(
      retentionSettingsFromEnv(windows, {
        RETENTION_PRUNE_INTERVAL_MS: '60000',
        RETENTION_BATCH_SIZE: '50',
        INBOX_RETENTION_MS: '172800000',
        FINISHED_SAGA_RETENTION_MS: '259200000',
      }),
    ).toEqual({
      pruneIntervalMs: 60_000,
      batchSize: 50,
      inboxRetentionMs: 172_800_000,
      finishedSagaRetentionMs: 259_200_000,
    });
  });

  it('refuses a retention within the longest duplicate window, in one line naming both', () => {
    expect(() => retentionSettingsFromEnv(windows, { INBOX_RETENTION_MS: '86400000' })).toThrow(
      'Invalid configuration: INBOX_RETENTION_MS: must be longer than the Idempotency-Key lifetime (IDEMPOTENCY_KEY_TTL_MS) (86400000 ms), or a duplicate arriving within it would be handled again (got 86400000)',
    );
    const shortKeys = { ...windows, idempotencyKeyTtlMs: 60_000 };
    expect(() => retentionSettingsFromEnv(shortKeys, { FINISHED_SAGA_RETENTION_MS: '600000' })).toThrow(
      /^Invalid configuration: FINISHED_SAGA_RETENTION_MS: must be longer than the longest redelivery span \(990000 ms\)/,
    );
    expect(retentionSettingsFromEnv(shortKeys, { INBOX_RETENTION_MS: '990001' }).inboxRetentionMs).toBe(
      990_001,
    );
  });

  it('refuses what is not a positive integer', () => {
    for (const bad of ['0', '-5', '1.5', 'soon', '7d']) {
      expect(() => retentionSettingsFromEnv(windows, { RETENTION_BATCH_SIZE: bad })).toThrow(
        `Invalid configuration: RETENTION_BATCH_SIZE: must be a positive integer (got '${bad}')`,
      );
    }
  });
});
