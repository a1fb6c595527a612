import { DemoCardTokens } from '@app/contracts';

/** Amounts above this are declined whatever the card (DESIGN "Demo domain rules"). */
export const MAX_AUTHORIZATION_CENTS = 1_000_000;
/** `tok_processingError` fails this many times for an order before it approves. */
export const PROCESSING_ERRORS_BEFORE_APPROVAL = 2;

export type ProcessorVerdict =
  | { kind: 'approved' }
  | { kind: 'declined'; code: 'PAYMENT_DECLINED' | 'INSUFFICIENT_FUNDS'; message: string }
  | { kind: 'processing-error'; message: string }
  | { kind: 'no-answer' };

export interface AuthorizationAttempt {
  token: string;
  amountCents: number;
  /** Earlier attempts for the same order that ended in a processing error. */
  previousProcessingErrors: number;
}

/** Whether the processor's answer for `token` depends on the order's earlier processing errors. */
export function dependsOnProcessingErrors(token: string): boolean {
  return token === DemoCardTokens.PROCESSING_ERROR;
}

/** Whether the processor declines every refund of a payment made with `token`. */
export function declinesRefunds(token: string | null): boolean {
  return token === DemoCardTokens.REFUND_DECLINED;
}

/** The simulated card processor: a deterministic answer per test token. */
export function simulateCardProcessor(attempt: AuthorizationAttempt): ProcessorVerdict {
  if (attempt.amountCents > MAX_AUTHORIZATION_CENTS) {
    return {
      kind: 'declined',
      code: 'PAYMENT_DECLINED',
      message: `amount ${attempt.amountCents} exceeds the limit of ${MAX_AUTHORIZATION_CENTS} cents`,
    };
  }
  switch (attempt.token) {
    case DemoCardTokens.APPROVES:
    case DemoCardTokens.REFUND_DECLINED:
      return { kind: 'approved' };
    case DemoCardTokens.DECLINED:
      return { kind: 'declined', code: 'PAYMENT_DECLINED', message: 'the card was declined' };
    case DemoCardTokens.INSUFFICIENT_FUNDS:
      return { kind: 'declined', code: 'INSUFFICIENT_FUNDS', message: 'the card has insufficient funds' };
    case DemoCardTokens.PROCESSING_ERROR:
      return attempt.previousProcessingErrors < PROCESSING_ERRORS_BEFORE_APPROVAL
        ? { kind: 'processing-error', message: 'the card processor failed, try again' }
        : { kind: 'approved' };
    case DemoCardTokens.NEVER_ANSWERS:
      return { kind: 'no-answer' };
    default:
      return { kind: 'declined', code: 'PAYMENT_DECLINED', message: 'unknown card token' };
  }
}
