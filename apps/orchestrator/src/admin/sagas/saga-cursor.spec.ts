import { decodeSagaCursor, encodeSagaCursor } from './saga-cursor';

describe('saga list cursor', () => {
  const cursor = { createdAt: '2025-01-31T12:00:00.123456Z', sagaId: '0b8f6a53-5a56-4a4e-8a0c-3c6f2d9a1e7b' };

  it('round-trips, as an opaque url-safe string', () => {
    const text = encodeSagaCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSagaCursor(text)).toEqual(cursor);
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['base64url that is not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object', encode({ createdAt: cursor.createdAt, sagaId: cursor.sagaId })],
    ['a longer array', encode([cursor.createdAt, cursor.sagaId, 1])],
    ['a timestamp without microseconds', encode(['2025-01-31T12:00:00.123Z', cursor.sagaId])],
    ['an impossible date', encode(['2025-13-45T12:00:00.123456Z', cursor.sagaId])],
    ['a day the month does not have', encode(['2025-02-30T12:00:00.123456Z', cursor.sagaId])],
    ['an id that is not a UUID', encode([cursor.createdAt, 'saga-1'])],
    ['a number for the id', encode([cursor.createdAt, 42])],
    ['an oversized cursor', 'A'.repeat(201)],
  ])('rejects %s', (_case, text) => {
    expect(decodeSagaCursor(text)).toBeUndefined();
  });
});
