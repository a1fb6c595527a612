import { randomUUID } from 'node:crypto';
import type { GetReturnResult } from '@app/order-return';
import type { AcceptedReturn } from './accepted-returns';
import { composeReturnView, notRecordedReturn } from './return-view';

const orderId = randomUUID();
const returnId = randomUUID();
const sagaId = randomUUID();

const accepted: AcceptedReturn = {
  returnId,
  orderId,
  sagaId,
  items: [{ sku: 'SKU-001', quantity: 1 }],
  reason: 'damaged',
  acceptedAt: '2025-01-01T00:00:00.000Z',
};

const recorded: GetReturnResult = {
  returnId,
  orderId,
  status: 'REFUNDED',
  reason: 'damaged',
  items: [{ sku: 'SKU-001', quantity: 1 }],
  refundCents: 1299,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:02.000Z',
};

describe('return view', () => {
  it('names the external fields only: no timestamps, no fields an internal query grows', () => {
    const grown = { ...recorded, items: [{ sku: 'SKU-001', quantity: 1, restocked: true }], extra: 1 };
    const view = composeReturnView(grown, { sagaId, status: 'COMPLETED', currentStep: null });
    expect(view).toStrictEqual({
      returnId,
      orderId,
      status: 'REFUNDED',
      reason: 'damaged',
      items: [{ sku: 'SKU-001', quantity: 1 }],
      refundCents: 1299,
      saga: { sagaId, status: 'COMPLETED', currentStep: null },
    });
  });

  it('shows the saga as null when the orchestrator has none (yet), and a missing current step as null', () => {
    expect(composeReturnView(recorded, null).saga).toBeNull();
    const running = { sagaId, status: 'RUNNING' as const, currentStep: undefined as unknown as null };
    expect(composeReturnView(recorded, running).saga).toEqual({
      sagaId,
      status: 'RUNNING',
      currentStep: null,
    });
  });

  describe('a return the order service has not recorded', () => {
    it.each([
      ['no saga yet', null],
      ['a running saga', { sagaId, status: 'RUNNING' as const, currentStep: 'request-return' }],
      ['a saga compensating', { sagaId, status: 'COMPENSATING' as const, currentStep: 'request-return' }],
      ['a failed saga', { sagaId, status: 'FAILED' as const, currentStep: 'request-return' }],
    ])('is PENDING with %s, its refund not priced', (_case, saga) => {
      expect(notRecordedReturn(accepted, saga)).toEqual({
        returnId,
        orderId,
        status: 'PENDING',
        reason: 'damaged',
        items: [{ sku: 'SKU-001', quantity: 1 }],
        refundCents: null,
      });
    });

    it('is REJECTED once its saga compensated without it', () => {
      const saga = { sagaId, status: 'COMPENSATED' as const, currentStep: null };
      expect(notRecordedReturn(accepted, saga)).toMatchObject({ status: 'REJECTED', refundCents: null });
    });
  });
});
