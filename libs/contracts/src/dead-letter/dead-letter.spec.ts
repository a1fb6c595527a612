import { validatePayload } from '../validate-payload';
import { DeadLetterEvent } from './dead-letter';

const deadLetter = {
  originalSubject: 'saga.cmd.inventory.reserve',
  headers: { 'Nats-Msg-Id': 'abc', 'message-type': 'inventory.reserve' },
  payload: '{"orderId": ',
  reason: 'malformed JSON: Unexpected end of JSON input',
  deliveryCount: 1,
  consumer: 'inventory-commands',
  failedAt: '2025-01-31T12:00:00.000Z',
};

describe('DeadLetterPayload', () => {
  it('keeps a raw body that is not valid JSON', () => {
    expect(validatePayload(DeadLetterEvent, deadLetter)).toEqual({ ok: true, value: deadLetter });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a header that is not a string',
      { headers: { 'Nats-Msg-Id': 1 } },
      'headers must be an object of string values',
    ],
    ['headers as an array', { headers: ['a'] }, 'headers must be an object of string values'],
    ['a zero delivery count', { deliveryCount: 0 }, 'deliveryCount must not be less than 1'],
    [
      'a date without time',
      { failedAt: '2025-01-31' },
      'failedAt must be an RFC 3339 date-time, e.g. 2025-01-31T12:00:00.000Z',
    ],
    ['a parsed body', { payload: { orderId: 'x' } }, 'payload must be a string'],
  ])('rejects %s', (_case, change, message) => {
    const result = validatePayload(DeadLetterEvent, { ...deadLetter, ...change });
    expect(result.ok ? [] : result.errors).toContain(message);
  });
});
