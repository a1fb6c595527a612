import { unhandledWork } from './stream-retention-migration';

describe('unhandledWork', () => {
  const caughtUp = { name: 'payment', filterSubjects: ['saga.cmd.payment.>'], pending: 0, ackPending: 0 };

  it('finds nothing when every subject has a consumer that handled all it holds', () => {
    expect(unhandledWork({ 'saga.cmd.payment.authorize': 3 }, [caughtUp])).toEqual([]);
    expect(unhandledWork({}, [])).toEqual([]);
  });

  it('names a consumer with undelivered or unacknowledged messages', () => {
    expect(unhandledWork({}, [{ ...caughtUp, pending: 2 }])).toEqual([
      'consumer payment has 2 undelivered and 0 unacknowledged messages',
    ]);
    expect(unhandledWork({}, [{ ...caughtUp, ackPending: 1 }])).toHaveLength(1);
  });

  it('names a subject no consumer reads, even when every consumer is caught up', () => {
    expect(
      unhandledWork({ 'saga.cmd.payment.authorize': 1, 'saga.cmd.shipping.schedule': 4 }, [caughtUp]),
    ).toEqual(['4 messages on saga.cmd.shipping.schedule have no consumer']);
    expect(unhandledWork({ 'saga.start.order-fulfillment': 1 }, [])).toHaveLength(1);
  });

  it('counts a consumer without a filter as reading every subject', () => {
    expect(unhandledWork({ 'saga.reply.a.b': 1 }, [{ ...caughtUp, filterSubjects: ['>'] }])).toEqual([]);
  });
});
