/** How long handled messages, ledger entries and finished sagas are kept, and how often pruning runs. */
export interface RetentionSettings {
  /** Pause between two prunings. */
  pruneIntervalMs: number;
  /** Rows removed per statement: each batch holds its locks that briefly. */
  batchSize: number;
  /** Inbox rows (every service) and participant ledger entries. */
  inboxRetentionMs: number;
  /** Sagas that ended COMPLETED or COMPENSATED, with their steps, timeline and inbox rows. */
  finishedSagaRetentionMs: number;
}

/**
 * The windows within which a message or request can come again and must still be recognised:
 * JetStream's duplicate window, the longest redelivery span of a consumer, the Idempotency-Key
 * lifetime. Every retention must be longer than each of them.
 */
export interface DuplicateWindows {
  duplicateWindowMs: number;
  redeliverySpanMs: number;
  idempotencyKeyTtlMs: number;
}

const HOUR_MS = 60 * 60 * 1_000;
const DAY_MS = 24 * HOUR_MS;

export const RETENTION_VARIABLES = {
  pruneIntervalMs: 'RETENTION_PRUNE_INTERVAL_MS',
  batchSize: 'RETENTION_BATCH_SIZE',
  inboxRetentionMs: 'INBOX_RETENTION_MS',
  finishedSagaRetentionMs: 'FINISHED_SAGA_RETENTION_MS',
} as const satisfies Record<keyof RetentionSettings, string>;

export const DEFAULT_RETENTION: RetentionSettings = {
  pruneIntervalMs: HOUR_MS,
  batchSize: 1_000,
  inboxRetentionMs: 7 * DAY_MS,
  finishedSagaRetentionMs: 30 * DAY_MS,
};

/**
 * Reads the variables above (all optional, positive integers) and checks each retention is
 * longer than every duplicate window; a bad value throws one line naming the variable.
 */
export function retentionSettingsFromEnv(
  windows: DuplicateWindows,
  env: NodeJS.ProcessEnv = process.env,
): RetentionSettings {
  const settings = { ...DEFAULT_RETENTION };
  for (const [field, variable] of Object.entries(RETENTION_VARIABLES) as Array<
    [keyof RetentionSettings, string]
  >) {
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw new Error(`Invalid configuration: ${variable}: must be a positive integer (got '${raw}')`);
    }
    settings[field] = Number(raw);
  }
  checkAgainstWindows(settings, windows);
  return settings;
}

function checkAgainstWindows(settings: RetentionSettings, windows: DuplicateWindows): void {
  const [longestName, longestMs] = longestWindow(windows);
  for (const field of ['inboxRetentionMs', 'finishedSagaRetentionMs'] as const) {
    if (settings[field] <= longestMs) {
      throw new Error(
        `Invalid configuration: ${RETENTION_VARIABLES[field]}: must be longer than the ${longestName} ` +
          `(${longestMs} ms), or a duplicate arriving within it would be handled again (got ${settings[field]})`,
      );
    }
  }
}

function longestWindow(windows: DuplicateWindows): [string, number] {
  const named: Array<[string, number]> = [
    ['JetStream duplicate window', windows.duplicateWindowMs],
    ['longest redelivery span', windows.redeliverySpanMs],
    ['Idempotency-Key lifetime (IDEMPOTENCY_KEY_TTL_MS)', windows.idempotencyKeyTtlMs],
  ];
  return named.reduce((longest, window) => (window[1] > longest[1] ? window : longest));
}
