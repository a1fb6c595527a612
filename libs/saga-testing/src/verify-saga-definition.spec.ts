import { defineSaga, transition, type SagaEffect } from '@app/saga-core';
import { SagaExpectationError } from './saga-expectation-error';
import { tripData, tripResults, tripSaga } from './testing/trip-saga.fixture';
import { UnknownStepError } from './unknown-step-error';
import {
  checkSagaDefinition,
  SagaVerificationError,
  verifySagaDefinition,
  type CheckResult,
} from './verify-saga-definition';

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

  it('types each check: what it exercised and how it ended', () => {
    const report = verifySagaDefinition(tripSaga, tripData, { results: tripResults });
    expect(report.passed).toBe(true);
    expect(report.results.map((result) => result.check)).toEqual([
      { kind: 'happy-path' },
      { kind: 'business-failure', step: 'book-seat' },
      { kind: 'retries-exhausted', step: 'book-seat', attempts: 2 },
      { kind: 'timeout', step: 'book-seat' },
      { kind: 'business-failure', step: 'charge-fare' },
      { kind: 'retries-exhausted', step: 'charge-fare', attempts: 2 },
      { kind: 'timeout', step: 'charge-fare' },
      { kind: 'business-failure', step: 'issue-ticket' },
      { kind: 'retries-exhausted', step: 'issue-ticket', attempts: 2 },
      { kind: 'timeout', step: 'issue-ticket' },
      { kind: 'recovers-after-pivot', step: 'email-ticket', failure: 'business-failure', failures: 3 },
      { kind: 'recovers-after-pivot', step: 'email-ticket', failure: 'transient-failure', failures: 3 },
      { kind: 'recovers-after-pivot', step: 'email-ticket', failure: 'timeout', failures: 3 },
      { kind: 'compensation-retries-exhausted', step: 'book-seat', attempts: 3 },
      { kind: 'compensation-retries-exhausted', step: 'charge-fare', attempts: 3 },
    ]);
    expect(report.results.every((result) => result.outcome === 'passed')).toBe(true);
    expect(report.results[0]).toEqual({
      outcome: 'passed',
      check: { kind: 'happy-path' },
      name: 'happy path',
      commands: ['seat.book', 'fare.charge', 'ticket.issue', 'mail.send'],
      status: 'COMPLETED',
    });
  });

  it('reports a check it could not exercise as such, with the reason', () => {
    const unbounded = defineSaga<{ id: string }>('plain', 1)
      .step('only')
      .invoke(tripSaga.steps[0].command.contract, (d) => ({ id: d.id }))
      .unbounded()
      .withCompensation(tripSaga.steps[1].command.contract, (d) => ({ id: d.id }))
      .build();
    const skipped = checkSagaDefinition(unbounded, { id: 'x' }).results.filter(
      (result) => result.outcome === 'not-exercised',
    );
    expect(skipped).toEqual([
      {
        outcome: 'not-exercised',
        check: { kind: 'timeout', step: 'only' },
        reason: 'step-has-no-timeout',
        message: 'only has no timeout, so it cannot time out',
      },
      {
        outcome: 'not-exercised',
        check: { kind: 'compensation-retries-exhausted', step: 'only', attempts: 10 },
        reason: 'nothing-compensates-step',
        message: 'nothing can make only compensate, so its compensation cannot be failed',
      },
    ]);
  });

  it('returns failed checks with typed problems (checkSagaDefinition), or throws them (verifySagaDefinition)', () => {
    const forgetful = mutant((effects) => effects.filter((e) => !isCommand(e, 'seat.cancel')));
    const options = { results: tripResults, transition: forgetful };
    const report = checkSagaDefinition(tripSaga, tripData, options);
    expect(report.passed).toBe(false);
    const failed = report.results.find(
      (result): result is Extract<CheckResult, { outcome: 'failed' }> =>
        result.outcome === 'failed' && result.name === 'business failure at charge-fare',
    );
    expect(failed?.problems).toEqual([
      {
        kind: 'commands',
        expected: ['seat.book', 'fare.charge', 'seat.cancel (compensation)'],
        actual: ['seat.book', 'fare.charge'],
        firstDifference: 2,
      },
      { kind: 'status', expected: 'COMPENSATED', actual: 'FAILED' },
      { kind: 'step-status', step: 'book-seat', expected: 'COMPENSATED', actual: 'COMPENSATION_FAILED' },
    ]);
    let thrown: unknown;
    try {
      verifySagaDefinition(tripSaga, tripData, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SagaVerificationError);
    expect(thrown).toBeInstanceOf(SagaExpectationError);
    expect((thrown as SagaVerificationError).report.results).toEqual(report.results);
  });

  it('types a run that did not finish by its cause', () => {
    const report = checkSagaDefinition(tripSaga, tripData);
    const threw = report.results.find((result) => result.outcome === 'failed');
    expect(threw?.outcome === 'failed' && threw.problems[0]).toEqual({
      kind: 'did-not-finish',
      cause: 'threw',
      message: expect.stringMatching(/^threw: .*seatId/),
    });
  });

  it('refuses results for a step the saga does not have (at run time, and at compile time)', () => {
    const misspelt = { ...tripResults, 'book-seet': { seatId: 'x' } };
    expect(() =>
      verifySagaDefinition(tripSaga, tripData, {
        // @ts-expect-error 'book-seet' is no step of the trip saga
        results: { 'book-seet': { seatId: 'x' } },
      }),
    ).toThrow(UnknownStepError);
    expect(() => checkSagaDefinition(tripSaga, tripData, { results: misspelt })).toThrow(
      "verifySagaDefinition results: saga trip v1 has no step 'book-seet' (its steps: book-seat, charge-fare, issue-ticket, email-ticket)",
    );
  });

  it('checks the saga deadline: aborted while a step before the pivot waits, recorded after it', () => {
    const timed = defineSaga<{ tripId: string; seatId?: string }>('timed-trip', 1, {
      timeoutMs: 1_000,
      deadlineMs: 30_000,
    })
      .step('book-seat')
      .invoke(tripSaga.steps[0].command.contract, (d) => ({ tripId: d.tripId }))
      .onReply((d, r: { seatId: string }) => ({ ...d, seatId: r.seatId }))
      .withCompensation(tripSaga.steps[0].compensation!.contract, (d) => ({ tripId: d.tripId }))
      .step('issue-ticket')
      .pivot()
      .invoke(tripSaga.steps[2].command.contract, (d) => ({ tripId: d.tripId }))
      .step('email-ticket')
      .retriable()
      .invoke(tripSaga.steps[3].command.contract, (d) => ({ tripId: d.tripId }))
      .build();
    const report = verifySagaDefinition(timed, tripData, { results: tripResults });
    const deadlineChecks = report.results.filter((result) => result.check.kind === 'saga-deadline');
    expect(
      deadlineChecks.map(
        (result) =>
          result.outcome !== 'not-exercised' &&
          `${result.name}: ${result.commands.join(' → ')} = ${result.status}`,
      ),
    ).toEqual([
      'saga deadline passes while book-seat waits: seat.book → seat.cancel (compensation) = COMPENSATED',
      'saga deadline passes while issue-ticket waits, after the pivot: seat.book → ticket.issue → mail.send = COMPLETED',
      'saga deadline passes while email-ticket waits, after the pivot: seat.book → ticket.issue → mail.send = COMPLETED',
    ]);
  });

  it('catches an engine that ignores the saga deadline', () => {
    const timed = defineSaga<{ tripId: string }>('timed-trip', 1, { timeoutMs: 1_000, deadlineMs: 30_000 })
      .step('book-seat')
      .invoke(tripSaga.steps[0].command.contract, (d) => ({ tripId: d.tripId }))
      .withCompensation(tripSaga.steps[0].compensation!.contract, (d) => ({ tripId: d.tripId }))
      .build();
    const deaf = mutant((effects) =>
      effects.filter((e) => !(e.type === 'schedule-deadline' && e.reason === 'saga-deadline')),
    );
    const deafEngine: typeof transition = (definition, instance, event, env) => {
      const result = deaf(definition, instance, event, env);
      return {
        ...result,
        instance: {
          ...result.instance,
          deadline: result.instance.deadline?.reason === 'saga-deadline' ? null : result.instance.deadline,
        },
      };
    };
    const report = checkSagaDefinition(timed, { tripId: 't' }, { transition: deafEngine });
    const failed = report.results.filter((result) => result.outcome === 'failed');
    expect(failed.map((result) => result.check)).toEqual([{ kind: 'saga-deadline', step: 'book-seat' }]);
  });
});
