import type { SagaTuning } from './runtime/saga-tuning';

/** The orchestrator's own knobs, beyond the platform's `AppConfig`. */
export interface OrchestratorSettings {
  tuning: SagaTuning;
  /** Replies handled at once by this process (each in its own transaction). */
  replyConcurrency: number;
  /** Longest pause between two looks for due deadlines. */
  deadlinePollMs: number;
  /** Attempts after which a failing step shows as needing attention (admin API, metrics); unset: the default. */
  attentionAfterAttempts?: number;
}

/** The settings the app runs with, for the modules that need them (admin API). */
export const ORCHESTRATOR_SETTINGS = Symbol('ORCHESTRATOR_SETTINGS');

/**
 * Environment variables, all optional:
 * - `SAGA_STEP_TIMEOUT_MS`: overrides every step's reply timeout (default: the saga definition's);
 *   it counts from when the participant was handed the command, not from when it was sent.
 * - `SAGA_QUEUE_TIMEOUT_MS`: overrides every step's queue-wait limit, how long a command may wait
 *   undelivered (participant down, backlog) before the step gives up on it (default: the saga
 *   definition's; order-fulfillment sets none: a command waits for its participant).
 * - `SAGA_RETRY_INITIAL_BACKOFF_MS`, `SAGA_RETRY_MAX_BACKOFF_MS`: override the retry backoffs.
 * - `SAGA_REPLY_CONCURRENCY` (default 16), `SAGA_DEADLINE_POLL_MS` (default 200).
 * - `SAGA_ATTENTION_AFTER_ATTEMPTS` (default 10): a step still failing after this many attempts
 *   needs attention (`GET /admin/sagas/{id}` `attention`, `saga_steps_needing_attention`).
 */
export const ORCHESTRATOR_VARIABLES = {
  stepTimeoutMs: 'SAGA_STEP_TIMEOUT_MS',
  queueTimeoutMs: 'SAGA_QUEUE_TIMEOUT_MS',
  retryInitialBackoffMs: 'SAGA_RETRY_INITIAL_BACKOFF_MS',
  retryMaxBackoffMs: 'SAGA_RETRY_MAX_BACKOFF_MS',
  replyConcurrency: 'SAGA_REPLY_CONCURRENCY',
  deadlinePollMs: 'SAGA_DEADLINE_POLL_MS',
  attentionAfterAttempts: 'SAGA_ATTENTION_AFTER_ATTEMPTS',
} as const;

export const DEFAULT_REPLY_CONCURRENCY = 16;
export const DEFAULT_DEADLINE_POLL_MS = 200;

/** Reads the variables above; a value that is not a positive integer throws one line naming it. */
export function orchestratorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OrchestratorSettings {
  const read = (name: keyof typeof ORCHESTRATOR_VARIABLES): number | undefined => {
    const variable = ORCHESTRATOR_VARIABLES[name];
    const raw = env[variable]?.trim();
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) {
      throw new Error(`Invalid configuration: ${variable}: must be a positive integer (got '${raw}')`);
    }
    return Number(raw);
  };
  const tuning: SagaTuning = {};
  for (const field of [
    'stepTimeoutMs',
    'queueTimeoutMs',
    'retryInitialBackoffMs',
    'retryMaxBackoffMs',
  ] as const) {
    const value = read(field);
    if (value !== undefined) tuning[field] = value;
  }
  const attentionAfterAttempts = read('attentionAfterAttempts');
  return {
    tuning,
    replyConcurrency: read('replyConcurrency') ?? DEFAULT_REPLY_CONCURRENCY,
    deadlinePollMs: read('deadlinePollMs') ?? DEFAULT_DEADLINE_POLL_MS,
    ...(attentionAfterAttempts === undefined ? {} : { attentionAfterAttempts }),
  };
}
