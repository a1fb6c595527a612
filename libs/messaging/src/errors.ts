import { IntrinsicException } from '@nestjs/common';

// Both extend IntrinsicException so that, inside a Nest handler, the default RPC exception
// filter does not log them a second time: the consumer already logs every failure it settles.

/** A failure worth retrying (a dependency is down, a lock timed out): the message is redelivered with backoff. */
export class TransientError extends IntrinsicException {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** A failure no retry can fix (the message makes no sense to this service): the message is dead-lettered at once. */
export class PermanentError extends IntrinsicException {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
