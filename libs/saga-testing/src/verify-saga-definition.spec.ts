import { defineSaga, transition, type SagaEffect } from '@app/saga-core';
import { SagaExpectationError } from './saga-expectation-error';
import { tripData, tripResults, tripSaga } from './testing/trip-saga.fixture';
import { verifySagaDefinition } from './verify-saga-definition';

/** An engine that behaves like the real one except for what `mutate` does to its effects. */
const mutant =
  (mutate: (effects: SagaEffect[]) => SagaEffect[]): typeof transition =>
  (definition, instance, event, env) => {
    const result = transition(definition, instance, event, env);
    return { ...result, effects: mutate(result.effects) };
  };

const isCommand = (effect: SagaEffect, type: string) =>
  effect.type === 'send-command' && effect.contract.type === type;

describe('verifySagaDefinition', () => {
  it('enumerates every failure point and reports each command sequence', () => {
    const report = verifySagaDefinition(tripSaga, tripData, { results: tripResults });
    expect(report.saga).toBe('trip v1');
    expect(report.notes).toEqual([]);
    expect(
      Object.fromEntries(report.scenarios.map((s) => [s.name, `${s.commands.join(' → ')} = ${s.status}`])),
    ).toEqual({
      'happy path': 'seat.book → fare.charge → ticket.issue → mail.send = COMPLETED',
      'business failure at book-seat': 'seat.book = COMPENSATED',
      'book-seat fails transiently 2× (retries exhausted)': 'seat.book → seat.book = COMPENSATED',
      'timeout at book-seat': 'seat.book → seat.cancel (compensation) = COMPENSATED',
      'business failure at charge-fare': 'seat.book → fare.charge → seat.cancel (compensation) = COMPENSATED',
      'charge-fare fails transiently 2× (retries exhausted)':
        'seat.book → fare.charge → fare.charge → seat.cancel (compensation) = COMPENSATED',
      'timeout at charge-fare':
        'seat.book → fare.charge → fare.refund (compensation) → seat.cancel (compensation) = COMPENSATED',
      'business failure at issue-ticket':
        'seat.book → fare.charge → ticket.issue → fare.refund (compensation) → seat.cancel (compensation) = COMPENSATED',
      'issue-ticket fails transiently 2× (retries exhausted)':
        'seat.book → fare.charge → ticket.issue → ticket.issue → fare.refund (compensation) → seat.cancel (compensation) = COMPENSATED',
      'timeout at issue-ticket': 'seat.book → fare.charge → ticket.issue → ticket.issue = FAILED',
      'email-ticket fails 3× (business-failure) after the pivot, then succeeds':
        'seat.book → fare.charge → ticket.issue → mail.send → mail.send → mail.send → mail.send = COMPLETED',
      'email-ticket fails 3× (transient-failure) after the pivot, then succeeds':
        'seat.book → fare.charge → ticket.issue → mail.send → mail.send → mail.send → mail.send = COMPLETED',
      'email-ticket fails 3× (timeout) after the pivot, then succeeds':
        'seat.book → fare.charge → ticket.issue → mail.send → mail.send → mail.send → mail.send = COMPLETED',
      'compensation of book-seat fails 3× (retries exhausted)':
        'seat.book → fare.charge → seat.cancel (compensation) → seat.cancel (compensation) → seat.cancel (compensation) = FAILED',
      'compensation of charge-fare fails 3× (retries exhausted)':
        'seat.book → fare.charge → ticket.issue → fare.refund (compensation) → fare.refund (compensation) → fare.refund (compensation) = FAILED',
    });
  });

  it('notes failure points a definition cannot reach', () => {
    const noTimeouts = defineSaga<{ id: string }>('plain', 1)
      .step('only')
      .invoke(tripSaga.steps[0].command.contract, (d) => ({ id: d.id }))
      .unbounded()
      .withCompensation(tripSaga.steps[1].command.contract, (d) => ({ id: d.id }))
      .build();
    const report = verifySagaDefinition(noTimeouts, { id: 'x' });
    expect(report.notes).toEqual([
      'only has no timeout, so it cannot time out',
      'nothing can make only compensate, so its compensation cannot be failed',
    ]);
    expect(report.scenarios.map((s) => s.name)).toEqual([
      'happy path',
      'business failure at only',
      'only fails transiently 3× (retries exhausted)',
    ]);
  });

  it('catches an engine that forgets a compensation, with a readable diff', () => {
    const forgetful = mutant((effects) => effects.filter((e) => !isCommand(e, 'seat.cancel')));
    let message = '';
    try {
      verifySagaDefinition(tripSaga, tripData, { results: tripResults, transition: forgetful });
    } catch (error) {
      if (!(error instanceof SagaExpectationError)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/^saga trip v1 failed verification:\n/);
    expect(message).toContain(
      [
        '  scenario "business failure at charge-fare":',
        '    commands: expected seat.book → fare.charge → seat.cancel (compensation)',
        '              actual   seat.book → fare.charge',
        '              first difference at #3: expected seat.cancel (compensation), got nothing',
        '    status: expected COMPENSATED, got FAILED',
        '    step book-seat: expected COMPENSATED, got COMPENSATION_FAILED',
      ].join('\n'),
    );
  });

  it('catches an engine that sends a step twice', () => {
    const stuttering = mutant((effects) =>
      effects.flatMap((e) => (isCommand(e, 'fare.charge') ? [e, e] : [e])),
    );
    expect(() =>
      verifySagaDefinition(tripSaga, tripData, { results: tripResults, transition: stuttering }),
    ).toThrow('first difference at #3: expected ticket.issue, got fare.charge');
  });

  it('catches an engine that never finishes', () => {
    const silent = mutant((effects) =>
      effects.filter((e) => e.type !== 'send-command' && e.type !== 'schedule-deadline'),
    );
    const noTimeout = defineSaga<{ id: string }>('silent', 1)
      .step('only')
      .invoke(tripSaga.steps[0].command.contract, (d) => ({ id: d.id }))
      .unbounded()
      .build();
    expect(() => verifySagaDefinition(noTimeout, { id: 'x' }, { transition: silent })).toThrow(
      'did not finish: stuck: RUNNING with no command in flight and no deadline',
    );
  });

  it('reports a handler that throws instead of crashing', () => {
    expect(() => verifySagaDefinition(tripSaga, tripData)).toThrow(/did not finish: threw: .*seatId/);
  });
});
