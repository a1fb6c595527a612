import type { SagaDetail } from './admin-api';
import {
  formatDeadLetters,
  formatDryRun,
  formatDuration,
  formatNextDeadline,
  formatSagaList,
  formatSagaShow,
  formatTable,
} from './cli-printers';

const SAGA_ID = '222aa688-b7e2-40ce-a6b0-a82027ab1184';
const NOW = new Date('2026-11-23T11:34:30.000Z');

describe('CLI printers', () => {
  it('aligns table columns under their headers', () => {
    expect(
      formatTable(
        ['A', 'LONGER', 'C'],
        [
          ['xyz', 'b', 'last'],
          ['x', 'bbbbbbb', ''],
        ],
      ),
    ).toEqual(['A    LONGER   C', 'xyz  b        last', 'x    bbbbbbb']);
  });

  it('formats durations for people', () => {
    expect([0, 45, 999, 1_000, 4_250, 59_999, 60_000, 185_000].map(formatDuration)).toEqual([
      '0 ms',
      '45 ms',
      '999 ms',
      '1.0 s',
      '4.3 s',
      '60.0 s',
      '1 min',
      '3 min 5 s',
    ]);
  });

  it('lists sagas as a table, and says so when there are none', () => {
    expect(
      formatSagaList([
        {
          sagaId: SAGA_ID,
          type: 'order-fulfillment',
          status: 'RUNNING',
          currentStep: 'reserve-inventory',
          businessKey: 'order-1',
          createdAt: '2026-11-23T11:34:28.000Z',
          updatedAt: '2026-11-23T11:34:28.012Z',
        },
      ]),
    ).toEqual([
      'SAGA                                  TYPE               STATUS   STEP               BUSINESS KEY  CREATED                   UPDATED',
      `${SAGA_ID}  order-fulfillment  RUNNING  reserve-inventory  order-1       2026-11-23T11:34:28.000Z  2026-11-23T11:34:28.012Z`,
    ]);
    expect(formatSagaList([])).toEqual(['(no sagas)']);
  });

  it('counts down to the next deadline, or says how long ago it fell due', () => {
    expect(formatNextDeadline({ at: '2026-11-23T11:34:34.250Z', reason: 'timeout' }, NOW)).toBe(
      'timeout at 2026-11-23T11:34:34.250Z (in 4.3 s)',
    );
    expect(formatNextDeadline({ at: '2026-11-23T11:34:29.000Z', reason: 'retry-backoff' }, NOW)).toBe(
      'retry-backoff at 2026-11-23T11:34:29.000Z (due 1.0 s ago)',
    );
    expect(formatNextDeadline(null, NOW)).toBe('none');
  });

  it('shows a saga: header, steps with durations, then the timeline with times', () => {
    const saga: SagaDetail = {
      sagaId: SAGA_ID,
      type: 'order-fulfillment',
      version: 1,
      status: 'RUNNING',
      currentStep: 'reserve-inventory',
      businessKey: 'order-1',
      nextDeadline: { at: '2026-11-23T11:34:33.012Z', reason: 'timeout' },
      steps: [
        {
          name: 'create-order',
          kind: 'compensatable',
          status: 'SUCCEEDED',
          attempts: 1,
          startedAt: '2026-11-23T11:34:28.000Z',
          endedAt: '2026-11-23T11:34:28.012Z',
          error: null,
        },
        {
          name: 'reserve-inventory',
          kind: 'compensatable',
          status: 'RUNNING',
          attempts: 2,
          startedAt: '2026-11-23T11:34:28.012Z',
          endedAt: null,
          error: { code: 'UNAVAILABLE', message: 'try later' },
        },
        {
          name: 'authorize-payment',
          kind: 'compensatable',
          status: 'PENDING',
          attempts: 0,
          startedAt: null,
          endedAt: null,
          error: null,
        },
      ],
      timeline: [
        {
          seq: 1,
          at: '2026-11-23T11:34:28.000Z',
          kind: 'saga-started',
          step: null,
          detail: { type: 'order-fulfillment', version: 1 },
        },
        {
          seq: 2,
          at: '2026-11-23T11:34:28.000Z',
          kind: 'command-sent',
          step: 'create-order',
          detail: { command: 'order.create', attempt: 1 },
        },
        {
          seq: 3,
          at: '2026-11-23T11:34:28.012Z',
          kind: 'reply-received',
          step: 'create-order',
          detail: { outcome: 'SUCCESS' },
        },
      ],
    };
    expect(formatSagaShow(saga, NOW)).toEqual([
      `saga ${SAGA_ID}  order-fulfillment v1  RUNNING`,
      'business key   order-1',
      'current step   reserve-inventory',
      'next deadline  timeout at 2026-11-23T11:34:33.012Z (in 3.0 s)',
      '',
      '  STEP               KIND           STATUS     ATTEMPTS  STARTED                   DURATION  ERROR',
      '  create-order       compensatable  SUCCEEDED  1         2026-11-23T11:34:28.000Z  12 ms',
      '  reserve-inventory  compensatable  RUNNING    2         2026-11-23T11:34:28.012Z  2.0 s …   UNAVAILABLE try later',
      '  authorize-payment  compensatable  PENDING    0         -                         -',
      '',
      'timeline',
      '  11:34:28.000   +0 ms  ●               saga started (order-fulfillment v1)',
      '  11:34:28.000   +0 ms  → create-order  send order.create',
      '  11:34:28.012  +12 ms  ✓ create-order  succeeded (in 12 ms)',
    ]);
  });

  it('prints the dry run of an abort as a numbered list', () => {
    expect(
      formatDryRun(SAGA_ID, {
        compensations: [
          { step: 'reserve-inventory', command: 'inventory.release' },
          { step: 'create-order', command: 'order.cancel' },
        ],
      }),
    ).toEqual([
      `aborting saga ${SAGA_ID} would send, in this order (nothing was changed):`,
      '  1. inventory.release  (undoes reserve-inventory)',
      '  2. order.cancel  (undoes create-order)',
    ]);
    expect(formatDryRun(SAGA_ID, { compensations: [] })[0]).toContain('would send no compensation');
  });

  it('lists dead letters, marking those that cannot be replayed', () => {
    expect(
      formatDeadLetters([
        {
          id: 7,
          sagaId: null,
          originalSubject: 'by-hand',
          reason: 'unreadable',
          deliveryCount: 0,
          consumer: null,
          at: '2026-11-23T11:34:28.000Z',
          replayable: false,
        },
      ]),
    ).toEqual([
      'ID  AT                        SUBJECT  CONSUMER  SAGA  DELIVERIES  REASON',
      '7   2026-11-23T11:34:28.000Z  by-hand  -         -     0           unreadable (not replayable)',
    ]);
    expect(formatDeadLetters([])).toEqual(['(no dead letters)']);
  });
});
