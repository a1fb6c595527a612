import { ConfigError } from './config-error';

export const IDEMPOTENCY_KEY_TTL_VARIABLE = 'IDEMPOTENCY_KEY_TTL_MS';
export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1_000;

/**
 * How long an `Idempotency-Key` names one order, counted from the request that first used it:
 * within it the gateway answers the same ids and the orchestrator starts no second saga; after
 * it, the key is new again for both. One value for both, so they never disagree.
 */
export function idempotencyKeyTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[IDEMPOTENCY_KEY_TTL_VARIABLE]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_IDEMPOTENCY_KEY_TTL_MS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1000) {
    throw new ConfigError(IDEMPOTENCY_KEY_TTL_VARIABLE, `must be an integer of at least 1000 (got '${raw}')`);
  }
  return Number(raw);
}
