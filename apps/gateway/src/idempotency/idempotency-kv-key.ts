import { sha256Hex } from '../orders/request-fingerprint';
import type { IdempotencyScope } from './idempotency-store';

/**
 * The KeyValue key a header value is stored under. KV keys allow only `[-/_=.A-Za-z0-9]`, so the
 * header value is hashed; the scope is a dot-separated prefix, which a bare hash never contains,
 * so no key of one scope can equal a key of another. `POST /orders` keeps the bare hash it has
 * always used: keys claimed before scopes existed still answer their replays.
 */
export function idempotencyKvKey(key: string, scope: IdempotencyScope): string {
  const hashed = sha256Hex(key);
  switch (scope.route) {
    case 'orders':
      return hashed;
    case 'returns':
      return `returns.${kvToken(scope.orderId)}.${hashed}`;
  }
}

/** The order id comes from a UUID-validated path; a token that is not KV-safe is a caller's bug. */
function kvToken(value: string): string {
  if (!/^[-A-Za-z0-9]+$/.test(value)) throw new Error(`not a KV key token: ${JSON.stringify(value)}`);
  return value;
}
