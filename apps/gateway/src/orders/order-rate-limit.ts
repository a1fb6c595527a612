import type { DynamicModule } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { RateLimit } from '@app/config';

/**
 * The limit on `POST /orders` per client IP (`ORDER_RATE_LIMIT` per `ORDER_RATE_WINDOW_MS`), kept
 * in this process's memory: each gateway replica counts on its own. Over it: 429 with `Retry-After`.
 */
export function orderRateLimitModule({ limit, windowMs }: RateLimit): DynamicModule {
  return ThrottlerModule.forRoot({
    throttlers: [{ limit, ttl: windowMs }],
    errorMessage: `Too many orders: at most ${limit} per ${windowMs} ms from one client`,
  });
}
