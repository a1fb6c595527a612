import type { SagaEffect, SendCommand } from './saga-effect';
import type { SagaEvent } from './saga-event';
import { defineSaga } from './define-saga';
import { createSagaInstance, type SagaInstance } from './saga-instance';
import { fixedEnv, shopData, shopSaga, T0, type ShopData } from './testing/shop-saga.fixture';
import { transition, type TransitionResult } from './transition';

/** Applies events one after another at a controllable time. */
class Run {
  instance: SagaInstance<ShopData> = createSagaInstance(shopSaga, 'saga-1', shopData);
  last!: TransitionResult<ShopData>;
  private readonly env = fixedEnv();
  private elapsedMs = 0;

  apply(event: SagaEvent): this {
    this.last = transition(shopSaga, this.instance, event, this.env.at(this.elapsedMs));
    this.instance = this.last.instance;
    return this;
  }

  advance(ms: number): this {
    this.elapsedMs += ms;
    return this;
  }

  /** Replies to the command the step is waiting on. */
  reply(stepName: string, outcome: 'success' | 'business' | 'transient', result?: unknown): this {
    const commandId = this.step(stepName).lastCommandId ?? 'none';
    if (outcome === 'success') return this.apply({ type: 'reply-success', stepName, commandId, result });
    const error = { code: outcome === 'business' ? 'DECLINED' : 'BUSY', message: 'no' };
    const type = outcome === 'business' ? 'reply-business-failure' : 'reply-transient-failure';
    return this.apply({ type, stepName, commandId, error });
  }

  passDeadline(event: Extract<SagaEvent, { type: 'deadline-reached' }> = { type: 'deadline-reached' }): this {
    const at = Date.parse(this.instance.deadline?.at ?? 'missing');
    this.elapsedMs = at - T0.getTime();
    return this.apply(event);
  }

  /** The deadline falls due while the awaited command still waits to be delivered. */
  passDeadlineUndelivered(recheckMs = 1_000): this {
    return this.passDeadline({ type: 'deadline-reached', undelivered: { recheckMs } });
  }

  step(name: string) {
    const step = this.instance.steps.find((s) => s.name === name);
    if (!step) throw new Error(`no step ${name}`);
    return step;
  }

  sent(): SendCommand[] {
    return this.last.effects.filter((e): e is SendCommand => e.type === 'send-command');
  }

  sentTypes(): string[] {
    return this.sent().map((c) => `${c.contract.type}${c.compensation ? ' (compensation)' : ''}`);
  }

  kinds(): string[] {
    return this.last.effects.map((e) => (e.type === 'timeline' ? `timeline:${e.kind}` : e.type));
  }

  throughPivot(): this {
    return this.apply({ type: 'started' })
      .reply('hold-stock', 'success', { holdId: 'h-1' })
      .reply('charge-card', 'success', { chargeId: 'c-1' })
      .reply('ship-parcel', 'success');
  }
}

const effectsOfType = <T extends SagaEffect['type']>(effects: SagaEffect[], type: T) =>
  effects.filter((e) => e.type === type) as Extract<SagaEffect, { type: T }>[];

describe('transition', () => {
  describe('started', () => {
    it('sends the first command with a fresh id, schedules its timeout and records the timeline', () => {
      const run = new Run().apply({ type: 'started' });
      expect(run.sent()).toEqual([
        expect.objectContaining({
          commandId: 'cmd-1',
          stepName: 'hold-stock',
          payload: { orderId: 'order-1' },
          compensation: false,
        }),
      ]);
      expect(run.kinds()).toEqual([
        'timeline:saga-started',
        'send-command',
        'timeline:command-sent',
        'schedule-deadline',
      ]);
      expect(run.instance.deadline).toEqual({
        at: '2025-01-01T00:00:01.000Z',
        reason: 'timeout',
        step: 'hold-stock',
      });
      expect(run.step('hold-stock')).toMatchObject({
        status: 'RUNNING',
        attempts: 1,
        lastCommandId: 'cmd-1',
      });
      expect(run.instance.currentStep).toBe('hold-stock');
    });

    it('never mutates the instance it is given', () => {
      const before = createSagaInstance(shopSaga, 'saga-1', shopData);
      const snapshot = structuredClone(before);
      const result = transition(shopSaga, before, { type: 'started' }, fixedEnv());
      expect(before).toEqual(snapshot);
      expect(result.instance).not.toBe(before);
    });

    it('ignores a second start', () => {
      const run = new Run().apply({ type: 'started' });
      const started = run.instance;
      run.apply({ type: 'started' });
      expect(run.instance).toBe(started);
      expect(run.kinds()).toEqual(['timeline:duplicate-start']);
    });

    it('refuses an instance of another definition version', () => {
      const other = { ...createSagaInstance(shopSaga, 'saga-1', shopData), version: 2 };
      expect(() => transition(shopSaga, other, { type: 'started' }, fixedEnv())).toThrow(
        'saga saga-1 runs on shop v2, not shop v1',
      );
    });
  });

  describe('reply-success', () => {
    it('applies onReply, records the compensation input and sends the next step', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'success', { holdId: 'h-1' });
      expect(run.instance.data).toEqual({ ...shopData, holdId: 'h-1' });
      expect(run.step('hold-stock')).toMatchObject({ status: 'SUCCEEDED', compensationInput: 'h-1' });
      expect(run.sent()).toEqual([expect.objectContaining({ stepName: 'charge-card', commandId: 'cmd-2' })]);
      expect(run.instance.deadline?.step).toBe('charge-card');
    });

    it('completes the saga after the last step and cancels its deadline', () => {
      const run = new Run().throughPivot().reply('notify-customer', 'success');
      expect(run.instance.status).toBe('COMPLETED');
      expect(run.instance.deadline).toBeNull();
      expect(run.kinds().slice(-3)).toEqual(['timeline:saga-finished', 'cancel-deadline', 'finished']);
      expect(effectsOfType(run.last.effects, 'finished')).toEqual([
        { type: 'finished', status: 'COMPLETED' },
      ]);
    });

    it('lets an onReply that throws change nothing', () => {
      const run = new Run().apply({ type: 'started' });
      const before = run.instance;
      expect(() => run.reply('hold-stock', 'success', undefined)).toThrow(TypeError);
      expect(run.instance).toBe(before);
    });
  });

  describe('reply-business-failure', () => {
    it('fails the step, skips the rest and compensates earlier steps in reverse with their recorded input', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'business');
      expect(run.instance.status).toBe('COMPENSATING');
      expect(run.step('charge-card')).toMatchObject({ status: 'FAILED', error: { code: 'DECLINED' } });
      expect(run.step('ship-parcel').status).toBe('SKIPPED');
      expect(run.step('notify-customer').status).toBe('SKIPPED');
      expect(run.sent()).toEqual([
        expect.objectContaining({
          contract: expect.objectContaining({ type: 'stock.unhold' }),
          payload: { orderId: 'order-1', holdId: 'h-1' },
          compensation: true,
        }),
      ]);

      run.reply('hold-stock', 'success');
      expect(run.step('hold-stock').status).toBe('COMPENSATED');
      expect(run.instance.status).toBe('COMPENSATED');
      expect(effectsOfType(run.last.effects, 'finished')).toEqual([
        { type: 'finished', status: 'COMPENSATED' },
      ]);
    });

    it('compensates nothing when the first step fails', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'business');
      expect(run.instance.status).toBe('COMPENSATED');
      expect(run.sent()).toEqual([]);
    });
  });

  describe('reply-transient-failure', () => {
    it('waits a backoff, resends with a new command id, then compensates when attempts run out', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'transient');
      expect(run.sent()).toEqual([]);
      expect(run.instance.deadline).toEqual({
        at: '2025-01-01T00:00:00.100Z',
        reason: 'retry-backoff',
        step: 'hold-stock',
      });

      run.advance(99).apply({ type: 'deadline-reached' });
      expect(run.last.effects).toEqual([]);

      run.passDeadline();
      expect(run.sent()).toEqual([expect.objectContaining({ stepName: 'hold-stock', commandId: 'cmd-2' })]);
      expect(run.step('hold-stock').attempts).toBe(2);

      run.reply('hold-stock', 'transient');
      expect(run.instance.deadline?.at).toBe('2025-01-01T00:00:00.300Z'); // 100 ms, then 200 ms
      run.passDeadline().reply('hold-stock', 'transient');
      expect(run.kinds()).toContain('timeline:retries-exhausted');
      expect(run.step('hold-stock').status).toBe('FAILED');
      expect(run.instance.status).toBe('COMPENSATED');
    });
  });

  describe('deadline-reached', () => {
    it('on a reply timeout compensates the timed-out step itself first, without a recorded input', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .passDeadline();
      expect(run.kinds()).toContain('timeline:timeout');
      expect(run.step('charge-card')).toMatchObject({ status: 'COMPENSATING', error: { code: 'TIMEOUT' } });
      expect(run.sentTypes()).toEqual(['card.refund (compensation)']);
      expect(run.sent()[0].payload).toEqual({ orderId: 'order-1', chargeId: undefined });

      run.reply('charge-card', 'success');
      expect(run.step('charge-card').status).toBe('COMPENSATED');
      expect(run.sentTypes()).toEqual(['stock.unhold (compensation)']);
    });

    it('on a pivot timeout resends the pivot, whose late original nothing could stop', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'success', { chargeId: 'c-1' })
        .passDeadline();
      expect(run.instance.status).toBe('RUNNING');
      expect(run.instance.deadline).toMatchObject({ reason: 'retry-backoff', step: 'ship-parcel' });
      run.passDeadline();
      expect(run.sent()).toEqual([expect.objectContaining({ stepName: 'ship-parcel', compensation: false })]);
      run.reply('ship-parcel', 'success');
      expect(run.step('ship-parcel')).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
      expect(run.instance.steps.map((s) => s.compensationAttempts)).toEqual([0, 0, 0, 0]);
    });

    it('fails the saga for an operator, compensating nothing, once the pivot timed out on every attempt', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'success', { chargeId: 'c-1' });
      for (let attempt = 1; attempt < 3; attempt++) run.passDeadline().passDeadline(); // timeout, backoff
      run.passDeadline();
      expect(run.kinds()).toContain('timeline:retries-exhausted');
      expect(run.instance.status).toBe('FAILED');
      expect(run.step('ship-parcel')).toMatchObject({
        status: 'FAILED',
        attempts: 3,
        error: { code: 'TIMEOUT' },
      });
      expect(run.sentTypes()).toEqual([]);
      expect(run.instance.steps.map((s) => s.compensationAttempts)).toEqual([0, 0, 0, 0]);
    });

    it('resends an unanswered pivot on operator retry, and compensates if it then fails for good', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'success', { chargeId: 'c-1' });
      for (let attempt = 1; attempt < 3; attempt++) run.passDeadline().passDeadline();
      run.passDeadline();
      run.apply({ type: 'operator-retry', reason: 'carrier is back' });
      expect(run.instance.status).toBe('RUNNING');
      expect(run.sent()).toEqual([expect.objectContaining({ stepName: 'ship-parcel', compensation: false })]);
      run.reply('ship-parcel', 'business');
      expect(run.instance.status).toBe('COMPENSATING');
      expect(run.sentTypes()).toEqual(['card.refund (compensation)']);
    });

    it('ignores a timer when no deadline is pending', () => {
      const run = new Run().throughPivot().reply('notify-customer', 'success');
      const done = run.instance;
      run.apply({ type: 'deadline-reached' });
      expect(run.instance).toBe(done);
      expect(run.last.effects).toEqual([]);
    });
  });

  describe('deadline-reached on a command not delivered yet', () => {
    it('waits for delivery instead of timing out, then starts the reply timeout once delivered', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'success', { holdId: 'h-1' });
      const sentAt = run.step('charge-card').lastCommandAt;
      const sent = effectsOfType(run.last.effects, 'timeline').find((e) => e.kind === 'command-sent');
      expect(sentAt).toBe(sent?.at);

      run.passDeadlineUndelivered(2_000);
      expect(run.kinds()).toEqual(['timeline:command-queued', 'schedule-deadline']);
      expect(run.step('charge-card')).toMatchObject({ status: 'RUNNING', error: null });
      expect(run.instance.deadline).toMatchObject({ reason: 'awaiting-delivery', step: 'charge-card' });
      expect(Date.parse(run.instance.deadline!.at) - Date.parse(sentAt!)).toBe(1_000 + 2_000);

      // Still queued: look again, without another timeline entry.
      run.passDeadlineUndelivered(2_000);
      expect(run.kinds()).toEqual(['schedule-deadline']);

      // Delivered: the participant now gets the whole reply timeout.
      run.passDeadline();
      expect(run.kinds()).toEqual(['timeline:command-delivered', 'schedule-deadline']);
      const deliveredSeenAt = Date.parse(sentAt!) + 1_000 + 2 * 2_000;
      expect(run.instance.deadline).toEqual({
        at: new Date(deliveredSeenAt + 1_000).toISOString(),
        reason: 'timeout',
        step: 'charge-card',
      });
      expect(run.sent()).toEqual([]);

      run.passDeadline();
      expect(run.step('charge-card')).toMatchObject({ status: 'COMPENSATING', error: { code: 'TIMEOUT' } });
    });

    it('applies a reply that arrives while the command counts as queued', () => {
      const run = new Run().apply({ type: 'started' }).passDeadlineUndelivered();
      run.reply('hold-stock', 'success', { holdId: 'h-1' });
      expect(run.step('hold-stock').status).toBe('SUCCEEDED');
      expect(run.instance.deadline).toMatchObject({ reason: 'timeout', step: 'charge-card' });
    });

    it('compensates a queued step that an operator aborts, since the command may still be delivered', () => {
      const run = new Run().apply({ type: 'started' }).passDeadlineUndelivered();
      run.apply({ type: 'operator-abort', reason: 'customer called' });
      expect(run.sentTypes()).toEqual(['stock.unhold (compensation)']);
    });

    it('gives up on a command once its queue-wait limit has run out, as on a timeout', () => {
      const saga = defineSaga<ShopData>('queued', 1, { timeoutMs: 1_000, queueTimeoutMs: 5_000 })
        .step('hold-stock')
        .invoke(shopSaga.steps[0].command.contract, (d) => ({ orderId: d.orderId }))
        .withCompensation(shopSaga.steps[0].compensation!.contract, (d) => ({ orderId: d.orderId }))
        .build();
      const env = fixedEnv();
      let state = transition(saga, createSagaInstance(saga, 's', shopData), { type: 'started' }, env.at(0));
      const undelivered = { type: 'deadline-reached', undelivered: { recheckMs: 3_000 } } as const;
      state = transition(saga, state.instance, undelivered, env.at(1_000));
      // The recheck never overshoots the limit.
      expect(state.instance.deadline).toMatchObject({ reason: 'awaiting-delivery' });
      expect(Date.parse(state.instance.deadline!.at) - T0.getTime()).toBe(4_000);
      state = transition(saga, state.instance, undelivered, env.at(4_000));
      expect(Date.parse(state.instance.deadline!.at) - T0.getTime()).toBe(5_000);
      state = transition(saga, state.instance, undelivered, env.at(5_000));
      expect(state.instance.steps[0]).toMatchObject({
        status: 'COMPENSATING',
        error: { code: 'QUEUE_TIMEOUT' },
      });
      expect(state.effects).toContainEqual(
        expect.objectContaining({ kind: 'timeout', detail: expect.objectContaining({ delivered: false }) }),
      );
    });

    it('resends after a retry backoff whatever the delivery of the failed command', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'transient');
      run.passDeadlineUndelivered();
      expect(run.sent()).toEqual([expect.objectContaining({ stepName: 'hold-stock' })]);
    });
  });

  describe('after the pivot', () => {
    it('retries a retriable step on business failures and timeouts, never compensating', () => {
      const run = new Run().throughPivot().reply('notify-customer', 'business');
      expect(run.instance.deadline?.reason).toBe('retry-backoff');
      run.passDeadline().passDeadline(); // backoff, resend, then its reply timeout
      expect(run.instance.deadline?.reason).toBe('retry-backoff');
      run.passDeadline().reply('notify-customer', 'success');
      expect(run.instance.status).toBe('COMPLETED');
      expect(run.step('notify-customer').attempts).toBe(3);
      expect(run.instance.steps.map((s) => s.compensationAttempts)).toEqual([0, 0, 0, 0]);
    });

    it('fails the saga when a retriable step exhausts its attempts; an operator retry starts it again', () => {
      const run = new Run().throughPivot();
      for (let attempt = 1; attempt < 4; attempt++) run.reply('notify-customer', 'transient').passDeadline();
      run.reply('notify-customer', 'transient');
      expect(run.instance.status).toBe('FAILED');
      expect(run.step('notify-customer')).toMatchObject({ status: 'FAILED', attempts: 4 });
      expect(run.sent()).toEqual([]);

      run.apply({ type: 'operator-retry', reason: 'mail server fixed' });
      expect(run.instance.status).toBe('RUNNING');
      expect(run.step('notify-customer')).toMatchObject({ status: 'RUNNING', attempts: 1 });
      expect(run.sentTypes()).toEqual(['mail.notify']);
      run.reply('notify-customer', 'success');
      expect(run.instance.status).toBe('COMPLETED');
    });
  });

  describe('compensation failures', () => {
    const compensatingHold = () =>
      new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'business');

    it('retries a failed compensation with backoff and continues when it succeeds', () => {
      const run = compensatingHold().reply('hold-stock', 'business');
      expect(run.instance.deadline).toMatchObject({ reason: 'retry-backoff', step: 'hold-stock' });
      run.passDeadline();
      expect(run.sentTypes()).toEqual(['stock.unhold (compensation)']);
      expect(run.step('hold-stock').compensationAttempts).toBe(2);
      run.reply('hold-stock', 'success');
      expect(run.instance.status).toBe('COMPENSATED');
    });

    it('treats a compensation timeout as a failed attempt', () => {
      const run = compensatingHold().passDeadline();
      expect(run.kinds()).toContain('timeline:timeout');
      expect(run.instance.deadline?.reason).toBe('retry-backoff');
    });

    it('moves the saga to FAILED when a compensation exhausts its retries, and sends nothing more', () => {
      const run = compensatingHold().reply('hold-stock', 'transient').passDeadline();
      run.reply('hold-stock', 'transient').passDeadline().reply('hold-stock', 'transient');
      expect(run.instance.status).toBe('FAILED');
      expect(run.step('hold-stock')).toMatchObject({
        status: 'COMPENSATION_FAILED',
        compensationAttempts: 3,
        error: { code: 'BUSY' },
      });
      expect(run.sent()).toEqual([]);
      expect(run.instance.deadline).toBeNull();
      expect(effectsOfType(run.last.effects, 'finished')).toEqual([{ type: 'finished', status: 'FAILED' }]);

      run.apply({ type: 'operator-retry' });
      expect(run.instance.status).toBe('COMPENSATING');
      expect(run.step('hold-stock')).toMatchObject({ status: 'COMPENSATING', compensationAttempts: 1 });
      run.reply('hold-stock', 'success');
      expect(run.instance.status).toBe('COMPENSATED');
    });
  });

  describe('late and duplicate replies', () => {
    it('ignores a reply to a superseded command as late', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'transient').passDeadline();
      const waiting = run.instance;
      run.apply({
        type: 'reply-success',
        stepName: 'hold-stock',
        commandId: 'cmd-1',
        result: { holdId: 'x' },
      });
      expect(run.instance).toBe(waiting);
      expect(run.kinds()).toEqual(['timeline:late-reply']);
    });

    it('ignores a redelivered reply as a duplicate', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'success', { holdId: 'h-1' });
      const after = run.instance;
      run.apply({
        type: 'reply-success',
        stepName: 'hold-stock',
        commandId: 'cmd-1',
        result: { holdId: 'h-2' },
      });
      expect(run.instance).toBe(after);
      expect(run.kinds()).toEqual(['timeline:duplicate-reply']);
    });

    it('ignores a second failure reply while the step waits out its backoff', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'transient');
      const waiting = run.instance;
      run.reply('hold-stock', 'transient');
      expect(run.instance).toBe(waiting);
      expect(run.kinds()).toEqual(['timeline:duplicate-reply']);
    });

    it('ignores the original reply of a timed-out step once its compensation was sent', () => {
      const run = new Run().apply({ type: 'started' }).passDeadline();
      const compensating = run.instance;
      run.apply({
        type: 'reply-success',
        stepName: 'hold-stock',
        commandId: 'cmd-1',
        result: { holdId: 'h' },
      });
      expect(run.instance).toBe(compensating);
      expect(run.kinds()).toEqual(['timeline:late-reply']);
    });

    it('ignores replies for unknown steps and finished sagas', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'business');
      expect(run.instance.status).toBe('COMPENSATED');
      run.reply('hold-stock', 'success', { holdId: 'h' });
      expect(run.kinds()).toEqual(['timeline:duplicate-reply']);
      run.apply({ type: 'reply-success', stepName: 'no-such-step', commandId: 'cmd-1' });
      expect(run.kinds()).toEqual(['timeline:late-reply']);
    });
  });

  describe('operator-abort', () => {
    it('compensates the running step too, since its command is in flight', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .apply({ type: 'operator-abort', reason: 'customer called' });
      expect(run.last.rejection).toBeUndefined();
      expect(run.kinds()).toContain('timeline:operator-abort');
      expect(run.step('charge-card').error).toEqual({ code: 'ABORTED', message: 'customer called' });
      expect(run.sentTypes()).toEqual(['card.refund (compensation)']);
    });

    it('does not compensate a step that is only waiting out a retry backoff', () => {
      const run = new Run()
        .apply({ type: 'started' })
        .reply('hold-stock', 'success', { holdId: 'h-1' })
        .reply('charge-card', 'transient')
        .apply({ type: 'operator-abort', reason: 'stop' });
      expect(run.step('charge-card').status).toBe('FAILED');
      expect(run.sentTypes()).toEqual(['stock.unhold (compensation)']);
    });

    it.each([
      [
        'after the pivot was sent',
        (run: Run) =>
          run
            .apply({ type: 'started' })
            .reply('hold-stock', 'success', { holdId: 'h' })
            .reply('charge-card', 'success', { chargeId: 'c' }),
        'PAST_PIVOT',
      ],
      [
        'while compensating',
        (run: Run) => run.apply({ type: 'started' }).passDeadline(),
        'ALREADY_COMPENSATING',
      ],
      [
        'when terminal',
        (run: Run) => run.apply({ type: 'started' }).reply('hold-stock', 'business'),
        'SAGA_TERMINAL',
      ],
    ])('is refused %s, changing nothing', (_when, prepare, code) => {
      const run = prepare(new Run());
      const before = run.instance;
      run.apply({ type: 'operator-abort', reason: 'please' });
      expect(run.last.rejection?.code).toBe(code);
      expect(run.instance).toBe(before);
      expect(run.kinds()).toEqual(['timeline:operator-refused']);
      expect(run.last.effects[0]).toMatchObject({
        detail: { action: 'operator-abort', reason: 'please', code },
      });
    });
  });

  describe('operator-retry', () => {
    it('fires a pending retry backoff at once', () => {
      const run = new Run().apply({ type: 'started' }).reply('hold-stock', 'transient');
      run.apply({ type: 'operator-retry', reason: 'now please' });
      expect(run.sentTypes()).toEqual(['stock.hold']);
      expect(run.instance.deadline?.reason).toBe('timeout');
    });

    it('is refused when nothing waits for a retry', () => {
      const run = new Run().apply({ type: 'started' });
      const before = run.instance;
      run.apply({ type: 'operator-retry' });
      expect(run.last.rejection?.code).toBe('NOTHING_TO_RETRY');
      expect(run.instance).toBe(before);
    });
  });
});
