import { DeadLetterPayload, Headers } from '@app/contracts';
import { type StoredDeadLetter, toDeadLetterEntry } from './dead-letter-entry';

const letter: DeadLetterPayload = {
  originalSubject: 'saga.reply.inventory.reserve',
  headers: { [Headers.messageId]: 'm-1', [Headers.sagaId]: 'saga-in-original' },
  payload: '{"outcome": ',
  reason: 'body is not valid JSON',
  deliveryCount: 2,
  consumer: 'orchestrator',
  failedAt: '2025-01-31T12:00:00.000Z',
};

function stored(body: unknown, headers: Record<string, string> = {}): StoredDeadLetter {
  return {
    seq: 7,
    subject: 'saga.dlq.saga.reply.inventory.reserve',
    headers,
    body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
    storedAt: new Date('2025-01-31T12:00:01.000Z'),
  };
}

describe('toDeadLetterEntry', () => {
  it('reads a dead letter, taking the saga id from the record’s own header first', () => {
    expect(toDeadLetterEntry(stored(letter, { [Headers.sagaId]: 'saga-1' }))).toEqual({
      id: 7,
      sagaId: 'saga-1',
      originalSubject: 'saga.reply.inventory.reserve',
      headers: letter.headers,
      payload: '{"outcome": ',
      reason: 'body is not valid JSON',
      deliveryCount: 2,
      consumer: 'orchestrator',
      at: '2025-01-31T12:00:00.000Z',
      replayable: true,
    });
    expect(toDeadLetterEntry(stored(letter)).sagaId).toBe('saga-in-original');
    expect(toDeadLetterEntry(stored({ ...letter, headers: {} })).sagaId).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    ['a body that is not JSON', 'not a letter', /^unreadable dead-letter record: body is not JSON/],
    ['a JSON array', [1, 2], /payload must be a JSON object/],
    ['a record missing fields', { originalSubject: 'x' }, /reason must be a string/],
    ['a record with a parsed payload', { ...letter, payload: { a: 1 } }, /payload must be a string/],
  ])('keeps %s listable, but not replayable', (_case, body, reason) => {
    const entry = toDeadLetterEntry(stored(body, { [Headers.sagaId]: 's' }));
    expect(entry).toMatchObject({
      id: 7,
      originalSubject: 'saga.reply.inventory.reserve',
      deliveryCount: 0,
      consumer: null,
      at: '2025-01-31T12:00:01.000Z',
      replayable: false,
    });
    expect(entry.reason).toMatch(reason);
  });

  it('keeps a body that is not UTF-8 listable, but not replayable', () => {
    const entry = toDeadLetterEntry({ ...stored(''), body: Uint8Array.from([0xff, 0xfe]) });
    expect(entry).toMatchObject({
      replayable: false,
      reason: expect.stringMatching(/^unreadable dead-letter record/),
    });
  });

  it('does not replay a letter whose original subject is the dead-letter stream itself', () => {
    expect(toDeadLetterEntry(stored({ ...letter, originalSubject: 'saga.dlq.x' })).replayable).toBe(false);
  });

  it('does not trust a record that names another subject than the one it was parked under', () => {
    const forged = toDeadLetterEntry(stored({ ...letter, originalSubject: 'saga.cmd.payment.capture' }));
    expect(forged).toMatchObject({
      originalSubject: 'saga.reply.inventory.reserve',
      replayable: false,
      reason:
        "unreadable dead-letter record: it names 'saga.cmd.payment.capture' as its subject but was parked on 'saga.dlq.saga.reply.inventory.reserve'",
    });
  });

  it.each(['events.order.order.created.v1', 'query.inventory.stock.get', 'saga.dlq.saga.cmd.x'])(
    'lists a letter from %s as readable but not replayable',
    (originalSubject) => {
      const entry = toDeadLetterEntry({
        ...stored({ ...letter, originalSubject }),
        subject: `saga.dlq.${originalSubject}`,
      });
      expect(entry).toMatchObject({ originalSubject, reason: letter.reason, replayable: false });
    },
  );

  it('refuses a record nested 8,000 levels deep as unreadable instead of throwing', () => {
    const deep = `{"originalSubject":"saga.reply.inventory.reserve","headers":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;
    expect(toDeadLetterEntry(stored(deep))).toMatchObject({
      replayable: false,
      reason: 'unreadable dead-letter record: payload nests arrays and objects deeper than 32 levels',
    });
  });
});
