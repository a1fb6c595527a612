import { AdminSagaDetail, AdminTimelineEntry, formatSagaTimeline } from './saga-timeline';

const T0 = Date.parse('2026-11-23T11:34:28.000Z');

function entries(...list: [number, string, string | null, Record<string, unknown>][]): AdminTimelineEntry[] {
  return list.map(([ms, kind, step, detail], index) => ({
    seq: index + 1,
    at: new Date(T0 + ms).toISOString(),
    kind,
    step,
    detail,
  }));
}

const saga = (timeline: AdminTimelineEntry[]): AdminSagaDetail => ({
  sagaId: '222aa688-b7e2-40ce-a6b0-a82027ab1184',
  type: 'order-fulfillment',
  status: 'COMPENSATED',
  timeline,
});

describe('formatSagaTimeline', () => {
  it('shows a declined payment and the compensations that undo the earlier steps', () => {
    const timeline = entries(
      [0, 'saga-started', null, { type: 'order-fulfillment', version: 1 }],
      [0, 'command-sent', 'create-order', { attempt: 1, command: 'order.create', commandId: 'c1' }],
      [
        12,
        'reply-received',
        'create-order',
        { outcome: 'SUCCESS', commandId: 'c1', result: { status: 'PENDING' } },
      ],
      [
        12,
        'command-sent',
        'reserve-inventory',
        { attempt: 1, command: 'inventory.reserve', commandId: 'c2' },
      ],
      [25, 'reply-received', 'reserve-inventory', { outcome: 'SUCCESS', commandId: 'c2', result: {} }],
      [
        25,
        'command-sent',
        'authorize-payment',
        { attempt: 1, command: 'payment.authorize', commandId: 'c3' },
      ],
      [
        37,
        'reply-received',
        'authorize-payment',
        {
          outcome: 'BUSINESS_FAILURE',
          commandId: 'c3',
          error: { code: 'PAYMENT_DECLINED', message: 'the card was declined' },
        },
      ],
      [
        37,
        'compensation-started',
        'authorize-payment',
        { cause: 'business-failure', error: { code: 'PAYMENT_DECLINED', message: 'the card was declined' } },
      ],
      [
        37,
        'compensation-sent',
        'reserve-inventory',
        { attempt: 1, command: 'inventory.release', commandId: 'c4' },
      ],
      [49, 'reply-received', 'reserve-inventory', { outcome: 'SUCCESS', commandId: 'c4', result: {} }],
      [49, 'compensation-sent', 'create-order', { attempt: 1, command: 'order.cancel', commandId: 'c5' }],
      [1061, 'reply-received', 'create-order', { outcome: 'SUCCESS', commandId: 'c5', result: {} }],
      [1061, 'saga-finished', null, { status: 'COMPENSATED' }],
    );

    expect(formatSagaTimeline(saga(timeline))).toEqual([
      '     +0 ms  ●                    saga started (order-fulfillment v1)',
      '     +0 ms  → create-order       send order.create',
      '    +12 ms  ✓ create-order       succeeded (in 12 ms)',
      '    +12 ms  → reserve-inventory  send inventory.reserve',
      '    +25 ms  ✓ reserve-inventory  succeeded (in 13 ms)',
      '    +25 ms  → authorize-payment  send payment.authorize',
      '    +37 ms  ✗ authorize-payment  failed: PAYMENT_DECLINED the card was declined (in 12 ms)',
      '    +37 ms  ⤺ authorize-payment  compensation starts (business-failure: PAYMENT_DECLINED the card was declined)',
      '    +37 ms  ↩ reserve-inventory  compensate with inventory.release',
      '    +49 ms  ✓ reserve-inventory  compensated (in 12 ms)',
      '    +49 ms  ↩ create-order       compensate with order.cancel',
      '  +1061 ms  ✓ create-order       compensated (in 1012 ms)',
      '  +1061 ms  ■                    saga COMPENSATED',
    ]);
  });

  it('shows transient failures, retries with their backoff, and a timeout', () => {
    const timeline = entries(
      [0, 'command-sent', 'authorize-payment', { attempt: 1, command: 'payment.authorize' }],
      [
        5,
        'reply-received',
        'authorize-payment',
        { outcome: 'TRANSIENT_FAILURE', error: { code: 'PROCESSOR_ERROR' } },
      ],
      [5, 'retry-scheduled', 'authorize-payment', { nextAttempt: 2, delayMs: 93, compensation: false }],
      [98, 'command-sent', 'authorize-payment', { attempt: 2, command: 'payment.authorize' }],
      [5098, 'timeout', 'authorize-payment', { timeoutMs: 5000 }],
      [5098, 'retry-scheduled', 'create-order', { nextAttempt: 3, delayMs: 400, compensation: true }],
      [
        5500,
        'retries-exhausted',
        'create-order',
        { attempts: 4, error: { code: 'TIMEOUT', message: 'no reply' } },
      ],
    );

    expect(formatSagaTimeline(saga(timeline))).toEqual([
      '     +0 ms  → authorize-payment  send payment.authorize',
      '     +5 ms  ! authorize-payment  transient failure: PROCESSOR_ERROR (in 5 ms)',
      '     +5 ms  ↻ authorize-payment  retry (attempt 2) in 93 ms',
      '    +98 ms  → authorize-payment  send payment.authorize (attempt 2)',
      '  +5098 ms  ⏱ authorize-payment  no reply within 5000 ms',
      '  +5098 ms  ↻ create-order       retry the compensation (attempt 3) in 400 ms',
      '  +5500 ms  ✗ create-order       gave up after 4 attempts: TIMEOUT no reply',
    ]);
  });

  it('orders entries by seq, whatever order they arrive in', () => {
    const [first, second] = entries(
      [0, 'saga-started', null, { type: 'order-fulfillment', version: 1 }],
      [3, 'saga-finished', null, { status: 'COMPLETED' }],
    );

    expect(formatSagaTimeline(saga([second, first]))).toEqual([
      '  +0 ms  ● saga started (order-fulfillment v1)',
      '  +3 ms  ■ saga COMPLETED',
    ]);
  });

  it('still shows entries it has no wording for, and replies it cannot read', () => {
    const timeline = entries(
      [0, 'operator-abort', 'reserve-inventory', { reason: 'customer called' }],
      [1, 'late-reply', 'reserve-inventory', { commandId: 'old' }],
      [2, 'reply-received', 'reserve-inventory', { outcome: 'MYSTERY' }],
    );

    expect(formatSagaTimeline(saga(timeline))).toEqual([
      '  +0 ms  · reserve-inventory  operator-abort {"reason":"customer called"}',
      '  +1 ms  · reserve-inventory  late reply ignored',
      '  +2 ms  · reserve-inventory  reply {"outcome":"MYSTERY"}',
    ]);
  });

  it('prints the time of day before the offset when asked', () => {
    const timeline = entries(
      [0, 'saga-started', null, { type: 'order-fulfillment', version: 1 }],
      [1500, 'saga-finished', null, { status: 'COMPLETED' }],
    );
    expect(formatSagaTimeline(saga(timeline), { clock: true })).toEqual([
      '  11:34:28.000     +0 ms  ● saga started (order-fulfillment v1)',
      '  11:34:29.500  +1500 ms  ■ saga COMPLETED',
    ]);
  });

  it('says so when there is no timeline', () => {
    expect(formatSagaTimeline(saga([]))).toEqual(['  (no timeline entries)']);
  });
});
