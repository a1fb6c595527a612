import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';

/** Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`; otherwise 401. */
@Injectable()
export class AdminBearerGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (
      bearerTokenMatches(http.getRequest<IncomingMessage>().headers.authorization, this.config.adminToken)
    ) {
      return true;
    }
    http.getResponse<ServerResponse>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException('A valid admin bearer token is required');
  }
}

/**
 * Constant-time check of an `Authorization` header against the expected token. Both sides are
 * hashed first so `timingSafeEqual` always compares equal-length buffers and the token's length
 * does not leak through timing either.
 */
export function bearerTokenMatches(authorization: string | undefined, expectedToken: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(expectedToken));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
