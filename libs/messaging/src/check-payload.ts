import { MessageContract, validatePayload } from '@app/contracts';

export type PayloadCheck<P> = { valid: true; payload: P } | { valid: false; reason: string };

/** The contract's validation, with its problems joined into one dead-letter / BAD_REQUEST reason. */
export function checkPayload<P extends object>(
  contract: MessageContract<P>,
  plain: unknown,
): PayloadCheck<P> {
  const validation = validatePayload(contract, plain);
  if (validation.ok) return { valid: true, payload: validation.value };
  return { valid: false, reason: `invalid ${contract.type} payload: ${validation.errors.join('; ')}` };
}
