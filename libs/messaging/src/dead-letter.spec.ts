import { DeadLetterEvent, DeadLetterPayload, MAX_REASON_LENGTH, validatePayload } from '@app/contracts';
import { deadLetterMessage } from './dead-letter';

describe('deadLetterMessage', () => {
  const letter: DeadLetterPayload = {
    originalSubject: 'saga.cmd.payment.authorize',
    headers: { 'Nats-Msg-Id': 'm-1', 'correlation-id': 'c-1', 'saga-id': 's-1' },
    payload: '{"orderId":"o-1"}',
    reason: 'boom',
    deliveryCount: 3,
    consumer: 'payment-commands',
    failedAt: '2025-01-01T00:00:00.000Z',
  };
  const failedAt = new Date('2025-01-01T00:00:00.000Z');

  it('files the letter under saga.dlq with the ids of the original and an id unique per consumer', () => {
    const message = deadLetterMessage(letter, 'm-1', 1_048_576, failedAt);
    expect(message.subject).toBe('saga.dlq.saga.cmd.payment.authorize');
    expect(message.msgId).toBe('dlq:payment-commands:m-1');
    expect(message.headers).toEqual({
      'Nats-Msg-Id': 'dlq:payment-commands:m-1',
      'message-type': 'saga.dead-letter',
      'message-version': '1',
      'correlation-id': 'c-1',
      'causation-id': 'm-1',
      'saga-id': 's-1',
      'occurred-at': '2025-01-01T00:00:00.000Z',
    });
    expect(JSON.parse(message.body)).toEqual(letter);
    expect(validatePayload(DeadLetterEvent, JSON.parse(message.body)).ok).toBe(true);
  });

  it('truncates a payload that would not fit the server limit and says so', () => {
    const huge = { ...letter, payload: '"'.repeat(5_000) };
    const message = deadLetterMessage(huge, 'm-1', 4_000, failedAt);
    expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(4_000);
    const body = JSON.parse(message.body) as DeadLetterPayload;
    expect(body.reason).toBe('boom (payload truncated from 5000 bytes)');
    expect(huge.payload.startsWith(body.payload)).toBe(true);
    expect(body.payload.length).toBeGreaterThan(0);
  });

  it('shortens a reason longer than the contract allows', () => {
    const message = deadLetterMessage({ ...letter, reason: 'x'.repeat(5_000) }, 'm-1', 1_048_576, failedAt);
    const body = JSON.parse(message.body) as DeadLetterPayload;
    expect(body.reason).toHaveLength(MAX_REASON_LENGTH);
    expect(body.reason.endsWith('…')).toBe(true);
    expect(validatePayload(DeadLetterEvent, body).ok).toBe(true);
  });
});
