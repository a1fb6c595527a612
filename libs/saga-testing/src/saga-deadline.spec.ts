import type { MessageContract } from '@app/contracts';
import { defineSaga, StepResponse, type TimelineEntry } from '@app/saga-core';
import { given } from './saga-scenario';

/*
 * The saga-level deadline (defineSaga(type, version, { deadlineMs })), played in memory: a saga
 * still running when it passes is aborted like an operator abort before the pivot, and goes on
 * after it with the deadline recorded on its timeline.
 */

class Payload {}
const contract = (type: string): MessageContract => ({
  type,
  kind: 'command',
  subject: `saga.cmd.${type}`,
  version: 1,
  payload: Payload,
  description: `test command ${type}`,
});

interface Trip {
  tripId: string;
  seatId?: string;
}

const DEADLINE_MS = 10_000;

/** Book a seat (slow participant: 60 s timeout), charge the fare, issue the ticket (pivot), mail it. */
const tripSaga = defineSaga<Trip>('deadline-trip', 1, {
  timeoutMs: 1_000,
  deadlineMs: DEADLINE_MS,
  retry: { maxAttempts: 3, initialBackoffMs: 4_000, maxBackoffMs: 8_000, multiplier: 2, jitter: false },
  compensationRetry: {
    maxAttempts: 3,
    initialBackoffMs: 100,
    maxBackoffMs: 100,
    multiplier: 1,
    jitter: false,
  },
})
  .step('book-seat')
  .timeout(60_000)
  .invoke(contract('seat.book'), (d) => ({ tripId: d.tripId }))
  .onReply((d, r: { seatId: string }) => new StepResponse({ ...d, seatId: r.seatId }, r.seatId))
  .withCompensation(contract('seat.cancel'), (d, seatId) => ({ tripId: d.tripId, seatId }))
  .step('charge-fare')
  .invoke(contract('fare.charge'), (d) => ({ tripId: d.tripId }))
  .withCompensation(contract('fare.refund'), (d) => ({ tripId: d.tripId }))
  .step('issue-ticket')
  .pivot()
  .timeout(60_000)
  .invoke(contract('ticket.issue'), (d) => ({ tripId: d.tripId }))
  .step('email-ticket')
  .retriable()
  .invoke(contract('mail.send'), (d) => ({ tripId: d.tripId }))
  .build();

const trip: Trip = { tripId: 'trip-1' };
const seat = { seatId: 'seat-9' };

const entries = (timeline: TimelineEntry[], kind: TimelineEntry['kind']) =>
  timeline.filter((entry) => entry.kind === kind);

describe('saga deadline', () => {
  it('waits on the saga deadline when it falls before the step timeout, and on the step timeout otherwise', () => {
    given(tripSaga, trip)
      .expectCommand('seat.book')
      .expectDeadline('saga-deadline', DEADLINE_MS)
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .expectDeadline('timeout', 1_000);
  });

  it('aborts a saga still waiting on its first step: that step is compensated (its outcome is unknown)', () => {
    const scenario = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSagaDeadlinePasses()
      .expectStatus('COMPENSATING')
      .expectTimeline('command-sent', 'saga-deadline-passed', 'compensation-started', 'compensation-sent')
      .expectCommand('seat.cancel')
      .whenSuccessReply()
      .expectStatus('COMPENSATED')
      .expectStepStatus('book-seat', 'COMPENSATED')
      .expectStepStatus('charge-fare', 'SKIPPED');
    expect(scenario.instance.steps[0].error).toEqual({
      code: 'SAGA_DEADLINE',
      message: `the saga did not finish within ${DEADLINE_MS} ms`,
    });
    const [passed] = entries(scenario.timeline, 'saga-deadline-passed');
    expect(passed).toMatchObject({
      step: 'book-seat',
      at: '2025-01-01T00:00:10.000Z',
      detail: { deadlineAt: '2025-01-01T00:00:10.000Z', deadlineMs: DEADLINE_MS, then: 'compensate' },
    });
    expect(entries(scenario.timeline, 'compensation-started')[0].detail).toMatchObject({
      cause: 'saga-deadline',
    });
  });

  it('counts from the first command, not from the step the deadline falls in', () => {
    given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenTimeAdvances(9_500)
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .expectDeadline('saga-deadline', 500)
      .whenSagaDeadlinePasses()
      .expectCommand('fare.refund')
      .whenSuccessReply()
      .expectCommand('seat.cancel', { seatId: 'seat-9' })
      .whenSuccessReply()
      .expectStatus('COMPENSATED')
      .expectStepStatus('charge-fare', 'COMPENSATED');
  });

  it('aborts a step waiting out a retry backoff without compensating it: its command is not in flight', () => {
    given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .whenTransientReply()
      .expectDeadline('retry-backoff', 4_000)
      .whenBackoffElapses()
      .expectCommand('fare.charge')
      .whenTransientReply()
      // The 8 s backoff would end after the deadline: it comes due at the deadline instead.
      .expectDeadline('retry-backoff', DEADLINE_MS - 4_000)
      .whenSagaDeadlinePasses()
      .expectStepStatus('charge-fare', 'FAILED')
      // No fare.refund: the next command is book-seat's compensation.
      .expectCommand('seat.cancel')
      .whenSuccessReply()
      .expectNoCommand()
      .expectStatus('COMPENSATED');
  });

  it('takes a reply that arrives after the deadline, before its timer fired, as late', () => {
    const scenario = given(tripSaga, trip).expectCommand('seat.book');
    scenario.clock.advanceBy(DEADLINE_MS + 5);
    scenario
      .whenSuccessReply(seat)
      .expectTimeline('saga-deadline-passed', 'compensation-started', 'late-reply')
      .expectCommand('seat.cancel')
      .whenSuccessReply()
      .expectStatus('COMPENSATED');
    expect(scenario.instance.data).toEqual(trip);
  });

  it('after the pivot, records that the deadline passed and goes on', () => {
    const scenario = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .whenSuccessReply()
      .expectCommand('ticket.issue')
      .expectDeadline('saga-deadline', DEADLINE_MS)
      .whenSagaDeadlinePasses()
      .expectStatus('RUNNING')
      .expectNoCommand()
      // The pivot's own reply timeout is back: 60 s from when its command was sent.
      .expectDeadline('timeout', 60_000 - DEADLINE_MS)
      .whenSuccessReply()
      .expectCommand('mail.send')
      .whenSuccessReply()
      .expectStatus('COMPLETED');
    const passed = entries(scenario.timeline, 'saga-deadline-passed');
    expect(passed).toHaveLength(1);
    expect(passed[0]).toMatchObject({ step: 'issue-ticket', detail: { then: 'continue' } });
    expect(entries(scenario.timeline, 'compensation-started')).toEqual([]);
  });

  it('after the pivot, keeps retrying past the deadline and records it once', () => {
    const scenario = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .whenSuccessReply()
      .expectCommand('ticket.issue')
      .whenSuccessReply()
      .expectCommand('mail.send')
      .whenTransientReply()
      .expectDeadline('retry-backoff', 4_000)
      .whenBackoffElapses()
      .expectCommand('mail.send')
      .whenTransientReply()
      // The second backoff (8 s) would pass the deadline: it is cut short to it.
      .expectDeadline('retry-backoff', DEADLINE_MS - 4_000)
      .whenSagaDeadlinePasses()
      .expectCommand('mail.send')
      .whenTransientReply()
      .expectDeadline('retry-backoff', 8_000)
      .whenBackoffElapses()
      .expectCommand('mail.send')
      .whenSuccessReply()
      .expectStatus('COMPLETED');
    expect(entries(scenario.timeline, 'saga-deadline-passed')).toHaveLength(1);
  });

  it('lets a compensation run its course: a compensating saga is not watched', () => {
    const scenario = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenFailureReply({ code: 'SOLD_OUT' })
      .expectStatus('COMPENSATED');
    const slow = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .whenFailureReply({ code: 'DECLINED' })
      .expectCommand('seat.cancel')
      .expectDeadline('timeout', 60_000);
    expect(entries(scenario.timeline, 'saga-deadline-passed')).toEqual([]);
    slow.whenTimeAdvances(30_000).whenSuccessReply().expectStatus('COMPENSATED');
    expect(entries(slow.timeline, 'saga-deadline-passed')).toEqual([]);
  });

  it('leaves a saga that finished in time alone', () => {
    const scenario = given(tripSaga, trip)
      .expectCommand('seat.book')
      .whenSuccessReply(seat)
      .expectCommand('fare.charge')
      .whenSuccessReply()
      .expectCommand('ticket.issue')
      .whenSuccessReply()
      .expectCommand('mail.send')
      .whenSuccessReply()
      .expectStatus('COMPLETED')
      .expectNoDeadline();
    expect(entries(scenario.timeline, 'saga-deadline-passed')).toEqual([]);
  });

  it('refuses to fire the saga deadline over an earlier step deadline', () => {
    expect(() =>
      given(tripSaga, trip)
        .expectCommand('seat.book')
        .whenSuccessReply(seat)
        .expectCommand('fare.charge')
        .whenSagaDeadlinePasses(),
    ).toThrow(
      'expected the pending deadline to fall at the saga deadline (2025-01-01T00:00:10.000Z), but a timeout deadline falls at 2025-01-01T00:00:01.000Z',
    );
  });
});
