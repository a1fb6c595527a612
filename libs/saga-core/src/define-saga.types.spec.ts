import { defineCommand, noResult } from '@app/contracts';
import { defineSaga } from './define-saga';
import { StepResponse } from './step-response';
import { transition } from './transition';
import { createSagaInstance } from './saga-instance';
import { command, fixedEnv } from './testing/shop-saga.fixture';

/*
 * The DSL's type inference. tsc checks this file with the rest of the project: each
 * `@ts-expect-error` line must fail to compile (an unused one is itself an error), and each
 * `Same<…>` must hold. Jest runs the saga once, so the typed result is also the one delivered.
 */

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

class ParkPayload {
  carId: string;
}

class ParkResult {
  ticketId: string;
  level: number;
}

class LeavePayload {
  ticketId?: string;
}

const ParkCommand = defineCommand({
  service: 'shipping',
  action: 'park',
  payload: ParkPayload,
  description: 'park the car',
  result: ParkResult,
});

const LeaveCommand = defineCommand({
  service: 'shipping',
  action: 'leave',
  payload: LeavePayload,
  description: 'leave the car park',
  result: noResult,
});

interface Visit {
  carId: string;
  ticketId?: string;
  level?: number;
}

const visitSaga = defineSaga<Visit>('visit', 1, { timeoutMs: 1_000 })
  .step('park')
  .invoke(ParkCommand, (data) => ({ carId: data.carId }))
  .onReply((data, result) => {
    const inferred: Same<typeof result, ParkResult> = true;
    void inferred;
    // @ts-expect-error the result has no such field
    void result.spot;
    // @ts-expect-error level is a number
    const level: string = result.level;
    void level;
    return new StepResponse({ ...data, ticketId: result.ticketId, level: result.level }, result.ticketId);
  })
  .withCompensation(LeaveCommand, (_data, ticketId) => {
    const recorded: Same<typeof ticketId, string | undefined> = true;
    void recorded;
    return { ticketId };
  })
  .step('leave')
  .pivot()
  .invoke(LeaveCommand, (data) => ({ ticketId: data.ticketId }))
  .onReply((data, result) => {
    const nothing: Same<typeof result, undefined> = true;
    void [nothing, result];
    return data;
  })
  .build();

// The payload builder is checked against the command's payload class.
defineSaga<Visit>('visit', 2, { timeoutMs: 1_000 })
  .step('park')
  // @ts-expect-error carId must be a string
  .invoke(ParkCommand, (data) => ({ carId: data.level }));

// A hand annotation that contradicts the contract does not compile.
defineSaga<Visit>('visit', 3, { timeoutMs: 1_000 })
  .step('park')
  .invoke(ParkCommand, (data) => ({ carId: data.carId }))
  // @ts-expect-error the reply's result is a ParkResult, which has no color
  .onReply((data, result: { ticketId: string; color: string }) => ({ ...data, ticketId: result.ticketId }));

// A contract that declares no result (built by hand) still takes a hand annotation.
defineSaga<Visit>('visit', 4, { timeoutMs: 1_000 })
  .step('park')
  .invoke(command('legacy.park'), () => ({}))
  .onReply((data, result: { ticketId: string }) => ({ ...data, ticketId: result.ticketId }));

describe('onReply typed by the command contract', () => {
  it('hands the handler the result of the reply, as its contract types it', () => {
    const env = fixedEnv();
    const started = transition(
      visitSaga,
      createSagaInstance(visitSaga, 'visit-1', { carId: 'car-1' }),
      { type: 'started' },
      env,
    );
    const commandId = started.instance.steps[0].lastCommandId!;
    const replied = transition(
      visitSaga,
      started.instance,
      { type: 'reply-success', stepName: 'park', commandId, result: { ticketId: 't-9', level: 3 } },
      env,
    );
    expect(replied.instance.data).toEqual({ carId: 'car-1', ticketId: 't-9', level: 3 });
    expect(replied.instance.steps[0].compensationInput).toBe('t-9');
  });
});
