import { BadRequestException, ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The optional `Idempotency-Key` header: absent is fine, present must be 1–200 characters, else 400. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadRequestException([
      `${IDEMPOTENCY_KEY_HEADER} header must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters long`,
    ]);
  }
  return value;
}

export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const header = context.switchToHttp().getRequest<IncomingMessage>().headers[
    IDEMPOTENCY_KEY_HEADER.toLowerCase()
  ];
  return parseIdempotencyKey(Array.isArray(header) ? header.join(', ') : header);
});
