import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { AdminBearerGuard, bearerTokenMatches } from './admin-bearer.guard';

const TOKEN = 'a-long-enough-admin-token';

describe('bearerTokenMatches', () => {
  it('accepts exactly "Bearer <token>" (scheme case-insensitive)', () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${TOKEN}`],
    ['no token', 'Bearer '],
    ['a wrong token of the same length', `Bearer ${'x'.repeat(TOKEN.length)}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with a suffix', `Bearer ${TOKEN}x`],
    ['the token and more words', `Bearer ${TOKEN} extra`],
  ])('refuses %s', (_case, header) => {
    expect(bearerTokenMatches(header, TOKEN)).toBe(false);
  });
});

describe('AdminBearerGuard', () => {
  function contextWith(authorization: string | undefined) {
    const setHeader = jest.fn();
    const context = {
      switchToHttp: () => ({
        getRequest: () => ({ headers: { authorization } }),
        getResponse: () => ({ setHeader }),
      }),
    } as unknown as ExecutionContext;
    return { context, setHeader };
  }
  const guard = new AdminBearerGuard({ adminToken: TOKEN } as AppConfig);

  it('lets the admin token through', () => {
    expect(guard.canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
  });

  it('answers 401 with a Bearer challenge otherwise', () => {
    const { context, setHeader } = contextWith('Bearer wrong');
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
    expect(setHeader).toHaveBeenCalledWith('WWW-Authenticate', 'Bearer');
  });
});
