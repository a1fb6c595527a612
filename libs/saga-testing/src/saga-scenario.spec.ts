import { given } from './saga-scenario';
import { SagaExpectationError } from './saga-expectation-error';
import { tripData, tripSaga } from './testing/trip-saga.fixture';

const trip = () => given(tripSaga, tripData);
const throughPivot = () =>
  trip()
    .expectCommand('seat.book')
    .whenSuccessReply({ seatId: 'seat-1' })
    .expectCommand('fare.charge')
    .whenSuccessReply()
    .expectCommand('ticket.issue', { tripId: 'trip-7', seatId: 'seat-1' })
    .whenSuccessReply({ ticketNo: 'T-9' });

describe('given/expect harness', () => {
  it('reads like a script through the happy path', () => {
    const scenario = throughPivot()
      .expectCommand('mail.send', { ticketNo: 'T-9' })
      .whenSuccessReply()
      .expectNoCommand()
      .expectStatus('COMPLETED')
      .expectData({ seatId: 'seat-1', ticketNo: 'T-9' })
      .expectNoDeadline()
      .expectTimeline('saga-started', 'command-sent', 'reply-received', 'saga-finished');
    expect(scenario.commands.map((c) => c.commandId)).toEqual(['cmd-1', 'cmd-2', 'cmd-3', 'cmd-4']);
  });

  it('scripts compensation, transient retries, timeouts and operator actions', () => {
    trip()
      .expectCommand('seat.book')
      .expectDeadline('timeout', 2_000)
      .whenTransientReply()
      .expectDeadline('retry-backoff', 100)
      .expectNoCommand()
      .whenBackoffElapses()
      .expectCommand('seat.book')
      .whenSuccessReply({ seatId: 'seat-1' })
      .expectCommand('fare.charge')
      .whenTimeout()
      .expectCommand('fare.refund')
      .whenFailureReply({ code: 'REFUND_REJECTED' })
      .whenOperatorRetry('try now')
      .expectCommand('fare.refund')
      .whenSuccessReply()
      .expectCommand('seat.cancel', { seatId: 'seat-1' })
      .whenSuccessReply()
      .expectStatus('COMPENSATED')
      .expectStepStatus('charge-fare', 'COMPENSATED')
      .expectStepStatus('issue-ticket', 'SKIPPED')
      .expectTimeline('timeout', 'compensation-sent', 'retry-scheduled', 'operator-retry', 'saga-finished');
  });

  it('fires a deadline only once the clock has reached it', () => {
    trip()
      .expectCommand('seat.book')
      .whenTimeAdvances(1_999)
      .expectNoCommand()
      .expectStatus('RUNNING')
      .whenTimeAdvances(1)
      .expectCommand('seat.cancel')
      .expectStatus('COMPENSATING');
  });

  it('shows duplicate and late replies as ignored', () => {
    trip()
      .expectCommand('seat.book')
      .whenSuccessReply({ seatId: 'seat-1' })
      .whenReplyRedelivered()
      .expectIgnored('duplicate-reply')
      .expectCommand('fare.charge')
      .whenTimeout()
      .expectCommand('fare.refund')
      .whenSuccessReply(undefined, { to: 'fare.charge' })
      .expectIgnored('late-reply')
      .expectStatus('COMPENSATING');
  });

  it('reports refused operator actions', () => {
    throughPivot().whenOperatorAbort('too late').expectRejected('PAST_PIVOT').expectStatus('RUNNING');
  });

  it('uses seeded jitter, so a run repeats exactly for its seed', () => {
    const backoffEnd = (seed: number) =>
      given(tripSaga, tripData, { seed })
        .expectCommand('seat.book')
        .whenSuccessReply({ seatId: 'seat-1' })
        .expectCommand('fare.charge')
        .whenFailureReply({ code: 'DECLINED' })
        .expectCommand('seat.cancel')
        .whenTransientReply()
        .expectDeadline('retry-backoff').instance.deadline?.at;
    expect(backoffEnd(1)).toBe(backoffEnd(1));
    expect(backoffEnd(1)).not.toBe(backoffEnd(2));
  });

  describe('failing expectations explain themselves', () => {
    const failure = (script: () => unknown) => {
      try {
        script();
      } catch (error) {
        if (error instanceof SagaExpectationError) return error.message;
        throw error;
      }
      throw new Error('expected the script to fail');
    };

    it.each([
      [
        'a wrong command',
        () => trip().expectCommand('fare.charge'),
        /^expected command fare.charge, got seat.book\n/,
      ],
      [
        'a missing command',
        () => trip().expectCommand('seat.book').expectCommand('fare.charge'),
        /^expected command fare.charge, but no command was sent/,
      ],
      [
        'a payload mismatch',
        () => trip().expectCommand('seat.book', { tripId: 'other' }),
        'expected command seat.book with a payload containing {"tripId":"other"}, got {"tripId":"trip-7"}',
      ],
      ['an unexpected command', () => trip().expectNoCommand(), 'expected no command, got seat.book'],
      [
        'a reply before expectCommand',
        () => trip().whenSuccessReply(),
        "call expectCommand('seat.book') before replying",
      ],
      [
        'a wrong saga status',
        () => trip().expectStatus('COMPLETED'),
        'expected saga status COMPLETED, got RUNNING',
      ],
      [
        'a wrong step status',
        () => trip().expectStepStatus('charge-fare', 'RUNNING'),
        'expected step charge-fare to be RUNNING, got PENDING',
      ],
      [
        'an unknown step',
        // @ts-expect-error the trip saga has no step 'fly': a typo does not compile
        () => trip().expectStepStatus('fly', 'RUNNING'),
        "expectStepStatus: saga trip v1 has no step 'fly' (its steps: book-seat, charge-fare, issue-ticket, email-ticket)",
      ],
      [
        'a missing timeline entry',
        () => trip().expectTimeline('saga-started', 'timeout'),
        'expected timeline saga-started → timeout, missing timeout',
      ],
      [
        'a timeout while a backoff is pending',
        () => trip().expectCommand('seat.book').whenTransientReply().whenTimeout(),
        'expected a pending timeout deadline, but the pending deadline is a retry-backoff for book-seat',
      ],
      [
        'a wrong deadline delay',
        () => trip().expectDeadline('timeout', 5),
        'expected the timeout deadline in 5 ms, got 2000 ms',
      ],
      [
        'an accepted operator action',
        () => trip().expectCommand('seat.book').whenOperatorAbort('stop').expectRejected('PAST_PIVOT'),
        'expected the operator action to be refused with PAST_PIVOT, got accepted',
      ],
      [
        'a reply that was not ignored',
        () =>
          trip()
            .expectCommand('seat.book')
            .whenSuccessReply({ seatId: 's' })
            .expectIgnored('duplicate-reply'),
        'expected the last reply to be ignored as duplicate-reply, got command-sent',
      ],
    ])('%s', (_case, script, expected) => {
      const message = failure(script);
      if (expected instanceof RegExp) expect(message).toMatch(expected);
      else expect(message).toContain(expected);
      expect(message).toContain('commands so far:');
    });
  });
});
