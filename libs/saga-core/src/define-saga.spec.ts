import { defineSaga } from './define-saga';
import { DEFAULT_COMPENSATION_RETRY, DEFAULT_STEP_RETRY } from './retry-policy';
import { summarizeSagaDefinition } from './saga-definition';
import { SagaDefinitionError } from './saga-definition-error';
import { StepResponse } from './step-response';
import { Charge, command, Hold, Notify, Refund, Ship, shopSaga, Unhold } from './testing/shop-saga.fixture';

interface Data {
  id: string;
  holdId?: string;
}

function buildError(build: () => unknown): SagaDefinitionError {
  try {
    build();
  } catch (error) {
    if (error instanceof SagaDefinitionError) return error;
    throw error;
  }
  throw new Error('expected build() to throw');
}

describe('defineSaga', () => {
  it('builds a frozen definition with the steps in table order and defaults filled in', () => {
    expect(Object.isFrozen(shopSaga)).toBe(true);
    expect(Object.isFrozen(shopSaga.steps)).toBe(true);
    expect(Object.isFrozen(shopSaga.steps[0])).toBe(true);
    expect(summarizeSagaDefinition(shopSaga)).toEqual({
      type: 'shop',
      version: 1,
      deadlineMs: null,
      steps: [
        {
          name: 'hold-stock',
          kind: 'compensatable',
          command: 'stock.hold',
          compensation: 'stock.unhold',
          timeoutMs: 1000,
          queueTimeoutMs: null,
          maxAttempts: 3,
        },
        {
          name: 'charge-card',
          kind: 'compensatable',
          command: 'card.charge',
          compensation: 'card.refund',
          timeoutMs: 1000,
          queueTimeoutMs: null,
          maxAttempts: 3,
        },
        {
          name: 'ship-parcel',
          kind: 'pivot',
          command: 'parcel.ship',
          compensation: null,
          timeoutMs: 1000,
          queueTimeoutMs: null,
          maxAttempts: 3,
        },
        {
          name: 'notify-customer',
          kind: 'retriable',
          command: 'mail.notify',
          compensation: null,
          timeoutMs: 1000,
          queueTimeoutMs: null,
          maxAttempts: 4,
        },
      ],
    });
  });

  it('uses the library defaults, and unlimited attempts for retriable steps', () => {
    const saga = defineSaga<Data>('plain', 1, { timeoutMs: 'none' })
      .step('a')
      .invoke(Hold, (d) => ({ id: d.id }))
      .withCompensation(Unhold, (d) => ({ id: d.id }))
      .step('b')
      .pivot()
      .invoke(Ship, (d) => ({ id: d.id }))
      .step('c')
      .retriable()
      .invoke(Notify, (d) => ({ id: d.id }))
      .build();
    expect(saga.steps[0].retry).toEqual(DEFAULT_STEP_RETRY);
    expect(saga.steps[0].compensationRetry).toEqual(DEFAULT_COMPENSATION_RETRY);
    expect(saga.steps[0].timeoutMs).toBeNull();
    expect(saga.deadlineMs).toBeNull();
    expect(saga.steps[2].retry).toEqual({ ...DEFAULT_STEP_RETRY, maxAttempts: Number.POSITIVE_INFINITY });
    expect(summarizeSagaDefinition(saga).steps[2].maxAttempts).toBeNull();
  });

  it('lets a step override the saga retry settings field by field', () => {
    const saga = defineSaga<Data>('tuned', 1, { retry: { initialBackoffMs: 50 }, timeoutMs: 500 })
      .step('a')
      .invoke(Hold, (d) => ({ id: d.id }))
      .retry({ maxAttempts: 5 })
      .timeout(250)
      .build();
    expect(saga.steps[0].retry).toEqual({ ...DEFAULT_STEP_RETRY, initialBackoffMs: 50, maxAttempts: 5 });
    expect(saga.steps[0].timeoutMs).toBe(250);
  });

  it("resolves timeouts: the step's own, else the saga's; 'none' and .unbounded() mean no timeout", () => {
    const saga = defineSaga<Data>('timed', 1, { timeoutMs: 500, deadlineMs: 60_000 })
      .step('a')
      .invoke(Hold, (d) => ({ id: d.id }))
      .step('b')
      .invoke(Charge, (d) => ({ id: d.id }))
      .unbounded()
      .step('c')
      .invoke(Ship, (d) => ({ id: d.id }))
      .timeout('none')
      .step('d')
      .invoke(Notify, (d) => ({ id: d.id }))
      .timeout(80)
      .build();
    expect(saga.steps.map((step) => step.timeoutMs)).toEqual([500, null, null, 80]);
    expect(saga.deadlineMs).toBe(60_000);
    expect(summarizeSagaDefinition(saga).deadlineMs).toBe(60_000);
  });

  it("lets a step set a timeout in a saga whose steps are unbounded by default ('none')", () => {
    const saga = defineSaga<Data>('mostly-patient', 1, { timeoutMs: 'none' })
      .step('a')
      .invoke(Hold, (d) => ({ id: d.id }))
      .timeout(300)
      .step('b')
      .invoke(Charge, (d) => ({ id: d.id }))
      .build();
    expect(saga.steps.map((step) => step.timeoutMs)).toEqual([300, null]);
  });

  it('hands the compensation exactly what onReply recorded', () => {
    const saga = defineSaga<Data>('recorded', 1, { timeoutMs: 1_000 })
      .step('a')
      .invoke(Hold, (d) => ({ id: d.id }))
      .onReply(
        (d, result: { holdId: string }) =>
          new StepResponse({ ...d, holdId: 'in-data' }, { hold: result.holdId }),
      )
      .withCompensation(Unhold, (d, recorded) => ({ id: d.id, hold: recorded?.hold }))
      .build();
    const response = saga.steps[0].reply?.handle({ id: 'x' }, { holdId: 'h-9' });
    expect(response).toEqual(new StepResponse({ id: 'x', holdId: 'in-data' }, { hold: 'h-9' }));
    expect(saga.steps[0].compensation?.payload({ id: 'x' }, { hold: 'h-9' })).toEqual({
      id: 'x',
      hold: 'h-9',
    });
  });

  describe('validation', () => {
    it('rejects an empty saga and a bad identity', () => {
      const error = buildError(() => defineSaga<Data>(' ', 0).build());
      expect(error.violations.map((v) => v.rule)).toEqual([
        'invalid-identity',
        'invalid-identity',
        'empty-saga',
      ]);
      expect(error.message).toBe(
        [
          "Invalid saga definition ' ' v0:",
          '  - saga: the saga type must not be empty (rule: invalid-identity)',
          '  - saga: the version must be a positive integer (got 0) (rule: invalid-identity)',
          '  - saga: a saga needs at least one step (rule: empty-saga)',
        ].join('\n'),
      );
    });

    it.each([
      [
        'duplicate step names',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .step('a')
            .invoke(Charge, () => ({})),
        "step 'a': another step already has this name (rule: duplicate-step)",
      ],
      [
        'a step with no invoke',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .withCompensation(Unhold, () => ({})),
        "step 'a': the step never calls .invoke(command, payload) (rule: missing-invoke)",
      ],
      [
        'more than one pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .pivot()
            .invoke(Hold, () => ({}))
            .step('b')
            .pivot()
            .invoke(Ship, () => ({})),
        "saga: only one pivot step is allowed (found 'a', 'b') (rule: multiple-pivots)",
      ],
      [
        'a compensation on the pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .pivot()
            .invoke(Ship, () => ({}))
            .withCompensation(Refund, () => ({})),
        "step 'a': a pivot step cannot have a compensation: once the pivot is reached the saga only moves forward (rule: compensation-at-or-after-pivot)",
      ],
      [
        'a compensation after the pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .pivot()
            .invoke(Ship, () => ({}))
            .step('b')
            .retriable()
            .invoke(Notify, () => ({}))
            .withCompensation(Refund, () => ({})),
        "step 'b': a retriable step after the pivot cannot have a compensation",
      ],
      [
        'a retriable step before the pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .retriable()
            .invoke(Notify, () => ({}))
            .step('b')
            .pivot()
            .invoke(Ship, () => ({})),
        "step 'a': a retriable step must come after the pivot step (rule: retriable-before-pivot)",
      ],
      [
        'a retriable step without any pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .retriable()
            .invoke(Notify, () => ({})),
        '(rule: retriable-before-pivot)',
      ],
      [
        'a compensatable step after the pivot',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .pivot()
            .invoke(Ship, () => ({}))
            .step('b')
            .invoke(Hold, () => ({})),
        "step 'b': every step after the pivot must be .retriable() (rule: non-retriable-after-pivot)",
      ],
      [
        'a compensation that reads a recorded input nobody records',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .withCompensation(Unhold, (_data, recorded) => ({ recorded: String(recorded) })),
        "step 'a': the compensation reads the recorded input, but the step has no .onReply() to record it (rule: compensation-needs-reply-handler)",
      ],
      [
        'a non-positive timeout',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .timeout(0),
        "step 'a': the timeout must be a positive number of ms (got 0) (rule: invalid-timeout)",
      ],
      [
        'a step without a timeout, in a saga without one',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .timeout(100)
            .step('b')
            .invoke(Charge, () => ({})),
        "step 'b': the step has no reply timeout: give it .timeout(ms) (or the saga a timeoutMs), or declare that it may wait for its reply forever with .unbounded() (timeoutMs: 'none') (rule: missing-timeout)",
      ],
      [
        'a non-positive saga deadline',
        () =>
          defineSaga<Data>('s', 1, { timeoutMs: 100, deadlineMs: 0 })
            .step('a')
            .invoke(Hold, () => ({})),
        'saga: the saga deadline must be a positive number of ms (got 0) (rule: invalid-deadline)',
      ],
      [
        'a saga deadline that is no number',
        () =>
          defineSaga<Data>('s', 1, { timeoutMs: 100, deadlineMs: Number.NaN })
            .step('a')
            .invoke(Hold, () => ({})),
        'saga: the saga deadline must be a positive number of ms (got NaN) (rule: invalid-deadline)',
      ],
      [
        'unlimited retries on a step that could still compensate',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .retry({ maxAttempts: Number.POSITIVE_INFINITY }),
        "step 'a': retry: maxAttempts must be a positive integer (got Infinity) (rule: invalid-retry-policy)",
      ],
      [
        'a compensation that never gives up',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .withCompensation(Unhold, () => ({}))
            .compensationRetry({ maxAttempts: Number.POSITIVE_INFINITY }),
        "step 'a': compensation retry: maxAttempts must be a positive integer (got Infinity) (rule: invalid-retry-policy)",
      ],
      [
        'inconsistent backoff settings',
        () =>
          defineSaga<Data>('s', 1)
            .step('a')
            .invoke(Hold, () => ({}))
            .retry({ initialBackoffMs: 500, maxBackoffMs: 100, multiplier: 0.5 }),
        "step 'a': retry: maxBackoffMs must be >= initialBackoffMs (rule: invalid-retry-policy)",
      ],
    ])('rejects %s, naming saga, step and rule', (_case, define, expected) => {
      const error = buildError(() => define().build());
      expect(error.message).toMatch(/^Invalid saga definition 's' v1:\n/);
      expect(error.message).toContain(expected);
    });

    it('reports every violation at once', () => {
      const error = buildError(() =>
        defineSaga<Data>('s', 1)
          .step('a')
          .retriable()
          .step('a')
          .pivot()
          .invoke(Ship, () => ({}))
          .withCompensation(Refund, () => ({}))
          .build(),
      );
      expect(error.violations.map((v) => `${v.step}:${v.rule}`)).toEqual([
        'a:missing-invoke',
        'a:retriable-before-pivot',
        'a:missing-timeout',
        'a:duplicate-step',
        'a:compensation-at-or-after-pivot',
        'a:missing-timeout',
      ]);
    });

    it('accepts a compensation that reads the recorded input when onReply records it', () => {
      const build = () =>
        defineSaga<Data>('s', 1, { timeoutMs: 100 })
          .step('a')
          .invoke(Hold, () => ({}))
          .onReply((d, r: string) => new StepResponse(d, r))
          .withCompensation(Unhold, (_d, recorded) => ({ recorded }))
          .build();
      expect(build).not.toThrow();
    });
  });

  it('keeps command contracts as given', () => {
    const contract = command('x.y');
    const saga = defineSaga<Data>('s', 1)
      .step('a')
      .invoke(contract, () => ({}))
      .unbounded()
      .build();
    expect(saga.steps[0].command.contract).toBe(contract);
  });
});
