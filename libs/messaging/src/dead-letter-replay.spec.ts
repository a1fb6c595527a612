import { Headers } from '@app/contracts';
import { originalMessageId, replayOf, replayRefusal, replaySubjectRefusal } from './dead-letter-replay';
import type { DeadLetterEntry } from './dead-letter-store';

const entry: DeadLetterEntry = {
  id: 42,
  sagaId: 'saga-1',
  originalSubject: 'saga.reply.payment.void',
  headers: {
    [Headers.messageId]: 'm-1',
    [Headers.sagaId]: 'saga-1',
    [Headers.causationId]: 'cmd-1',
    'Nats-Expected-Last-Sequence': '3',
    'nats-rollup': 'sub',
  },
  payload: '{"outcome":"SUCCESS"}',
  reason: 'boom',
  deliveryCount: 5,
  consumer: 'orchestrator',
  at: '2025-01-31T12:00:00.000Z',
  replayable: true,
};

describe('replayOf', () => {
  it('sends the original body and headers to the original subject under an id derived from the entry', () => {
    expect(replayOf(entry)).toEqual({
      subject: 'saga.reply.payment.void',
      headers: { [Headers.sagaId]: 'saga-1', [Headers.causationId]: 'cmd-1' },
      body: '{"outcome":"SUCCESS"}',
      msgId: 'm-1:replay:42',
    });
  });

  it('names the replay even when the original had no message id', () => {
    expect(replayOf({ ...entry, headers: {} }).msgId).toBe('unknown:replay:42');
  });
});

describe('originalMessageId', () => {
  it('leads a replay’s id, and a replay of a replay’s, back to the id first published', () => {
    const first = replayOf(entry).msgId;
    const again = replayOf({
      ...entry,
      id: 43,
      headers: { ...entry.headers, [Headers.messageId]: first },
    }).msgId;

    expect([originalMessageId(first), originalMessageId(again)]).toEqual(['m-1', 'm-1']);
  });

  it('keeps any other id as it is', () => {
    expect(originalMessageId('6f1c2d3e-0000-4000-8000-000000000000')).toBe(
      '6f1c2d3e-0000-4000-8000-000000000000',
    );
  });
});

describe('replayRefusal', () => {
  it.each(['saga.start.order-fulfillment', 'saga.cmd.payment.authorize', 'saga.reply.payment.void'])(
    'lets a letter from %s be replayed',
    (originalSubject) => {
      expect(replayRefusal({ ...entry, originalSubject })).toBeUndefined();
    },
  );

  it.each([
    [
      'a domain event',
      'events.order.order.created.v1',
      /outside saga\.start\.>, saga\.cmd\.>, saga\.reply\.>/,
    ],
    ['a query', 'query.inventory.stock.get', /outside/],
    ['the dead-letter stream', 'saga.dlq.saga.cmd.payment.authorize', /outside/],
    ['a bare prefix', 'saga.cmd', /outside/],
    ['a wildcard', 'saga.cmd.*', /is not a concrete NATS subject/],
    ['a full wildcard', 'saga.cmd.>', /is not a concrete NATS subject/],
    ['an empty token', 'saga.cmd..x', /is not a concrete NATS subject/],
    ['whitespace', 'saga.cmd.payment authorize', /is not a concrete NATS subject/],
  ])('refuses %s', (_case, originalSubject, reason) => {
    expect(replaySubjectRefusal(originalSubject)).toMatch(reason);
    expect(replayRefusal({ ...entry, originalSubject })).toMatch(reason);
  });

  it('refuses an unreadable record with its own reason', () => {
    expect(replayRefusal({ ...entry, replayable: false, reason: 'unreadable dead-letter record: x' })).toBe(
      'unreadable dead-letter record: x',
    );
  });
});
