/**
 * `stepNeedingAttention` (admin/sagas/step-attention.ts) in SQL, for lists and counts; the two
 * must say the same. A condition on the saga row `instance` (an alias of `saga_instance`) with
 * its current step `step` (an alias of `saga_step` joined on saga id and name); `afterAttempts`
 * is the placeholder holding the threshold.
 */
export function stepNeedsAttentionSql(instance: string, step: string, afterAttempts: string): string {
  return `${instance}."status" = 'RUNNING' AND ${step}."status" = 'RUNNING'
    AND jsonb_typeof(${step}."last_error") = 'object' AND ${step}."attempts" >= ${afterAttempts}`;
}
