import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../orders/request-fingerprint';
import { idempotencyKvKey } from './idempotency-kv-key';

const KV_KEY = /^[-/_=.A-Za-z0-9]+$/;

describe('idempotencyKvKey', () => {
  const orderId = randomUUID();

  it('keeps the bare hash for POST /orders, so keys claimed before scopes still answer their replays', () => {
    expect(idempotencyKvKey('key-1', { route: 'orders' })).toBe(sha256Hex('key-1'));
  });

  it('puts the returns of one order under their own prefix', () => {
    expect(idempotencyKvKey('key-1', { route: 'returns', orderId })).toBe(
      `returns.${orderId}.${sha256Hex('key-1')}`,
    );
  });

  it('gives one header value a different KV key per route and per order', () => {
    const keys = [
      idempotencyKvKey('key-1', { route: 'orders' }),
      idempotencyKvKey('key-1', { route: 'returns', orderId }),
      idempotencyKvKey('key-1', { route: 'returns', orderId: randomUUID() }),
    ];
    expect(new Set(keys).size).toBe(3);
  });

  it('cannot be forged across scopes: an orders key whose value spells a returns key is still a bare hash', () => {
    const spelled = `returns.${orderId}.${sha256Hex('key-1')}`;
    expect(idempotencyKvKey(spelled, { route: 'orders' })).not.toBe(
      idempotencyKvKey('key-1', { route: 'returns', orderId }),
    );
    expect(idempotencyKvKey(spelled, { route: 'orders' })).not.toContain('.');
  });

  it.each(['', ' ', '\u00e9\u00e8', 'a'.repeat(200), 'with spaces and * > wildcards'])(
    'turns any header value (%j) into a valid KV key',
    (value) => {
      expect(idempotencyKvKey(value, { route: 'orders' })).toMatch(KV_KEY);
      expect(idempotencyKvKey(value, { route: 'returns', orderId })).toMatch(KV_KEY);
    },
  );

  it('refuses an order id that is not a KV token instead of writing a key across tokens', () => {
    expect(() => idempotencyKvKey('key-1', { route: 'returns', orderId: 'a.b' })).toThrow(
      'not a KV key token: "a.b"',
    );
    expect(() => idempotencyKvKey('key-1', { route: 'returns', orderId: '*' })).toThrow();
  });
});
