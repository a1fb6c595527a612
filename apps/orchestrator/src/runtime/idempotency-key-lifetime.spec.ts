import { idempotencyKeyWindow } from './idempotency-key-lifetime';

describe('idempotencyKeyWindow', () => {
  const now = new Date('2026-01-02T00:00:00.000Z');

  it('counts the lifetime from the request that used the key', () => {
    expect(idempotencyKeyWindow('2026-01-01T23:00:00.000Z', 60_000, now)).toEqual({
      idempotencyKeyAt: new Date('2026-01-01T23:00:00.000Z'),
      keyExpiredBefore: new Date('2026-01-01T22:59:00.000Z'),
    });
  });

  it('takes now for a time that cannot be read or lies in the future', () => {
    for (const occurredAt of ['', 'yesterday', '2027-01-01T00:00:00.000Z']) {
      expect(idempotencyKeyWindow(occurredAt, 1_000, now)).toEqual({
        idempotencyKeyAt: now,
        keyExpiredBefore: new Date(now.getTime() - 1_000),
      });
    }
  });
});
