import { randomUUID } from 'node:crypto';
import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { GetSagaByBusinessKeyQuery, type GetSagaByBusinessKeyResult } from '@app/contracts';
import { GetReturnQuery, type GetReturnResult } from '@app/order-return';
import { InMemoryAcceptedReturns, ScriptedQueryClient } from '../../test/in-memory-fakes';
import { ReturnViewService } from './return-view.service';

const orderId = randomUUID();
const returnId = randomUUID();
const sagaId = randomUUID();

const recorded: GetReturnResult = {
  returnId,
  orderId,
  status: 'PENDING',
  reason: 'damaged',
  items: [{ sku: 'SKU-001', quantity: 2 }],
  refundCents: 2598,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:01.000Z',
};
const saga: GetSagaByBusinessKeyResult = { sagaId, status: 'RUNNING', currentStep: 'refund-payment' };

describe('ReturnViewService', () => {
  let accepted: InMemoryAcceptedReturns;

  beforeEach(() => {
    accepted = new InMemoryAcceptedReturns();
  });

  it('composes the recorded return with its order-return saga, found by the return id as business key', async () => {
    const queries = new ScriptedQueryClient()
      .answer(GetReturnQuery, ({ orderId: asked, returnId: askedReturn }) =>
        asked === orderId && askedReturn === returnId ? recorded : null,
      )
      .answer(GetSagaByBusinessKeyQuery, ({ type, businessKey }) =>
        type === 'order-return' && businessKey === returnId ? saga : null,
      );

    const { view, missing } = await new ReturnViewService(queries, accepted).view(orderId, returnId);

    expect(missing).toEqual([]);
    expect(view).toEqual({
      returnId,
      orderId,
      status: 'PENDING',
      reason: 'damaged',
      items: [{ sku: 'SKU-001', quantity: 2 }],
      refundCents: 2598,
      saga: { sagaId, status: 'RUNNING', currentStep: 'refund-payment' },
    });
    expect(queries.asked).toEqual([
      { subject: GetReturnQuery.subject, payload: { orderId, returnId } },
      {
        subject: GetSagaByBusinessKeyQuery.subject,
        payload: { type: 'order-return', businessKey: returnId },
      },
    ]);
  });

  it('leaves the saga null and names it missing when the orchestrator does not answer', async () => {
    const queries = new ScriptedQueryClient()
      .answer(GetReturnQuery, () => recorded)
      .fail(GetSagaByBusinessKeyQuery);
    const { view, missing } = await new ReturnViewService(queries, accepted).view(orderId, returnId);
    expect(view).toMatchObject({ status: 'PENDING', refundCents: 2598, saga: null });
    expect(missing).toEqual(['saga']);
  });

  it('answers 503 when the order service does not answer, even for a return the gateway accepted', async () => {
    await accepted.remember({ ...recorded, sagaId, acceptedAt: recorded.createdAt });
    const queries = new ScriptedQueryClient()
      .fail(GetReturnQuery)
      .answer(GetSagaByBusinessKeyQuery, () => saga);
    await expect(new ReturnViewService(queries, accepted).view(orderId, returnId)).rejects.toThrow(
      new ServiceUnavailableException('The order service is not answering; retry later'),
    );
  });

  describe('a return the order service does not know', () => {
    const orderServiceKnowsNothing = (sagaAnswer: GetSagaByBusinessKeyResult | null = null) =>
      new ScriptedQueryClient()
        .answer(GetReturnQuery, () => null)
        .answer(GetSagaByBusinessKeyQuery, () => sagaAnswer);

    it('is 404 when the gateway never accepted it', async () => {
      const view = new ReturnViewService(orderServiceKnowsNothing(), accepted).view(orderId, returnId);
      await expect(view).rejects.toThrow(
        new NotFoundException(`Return ${returnId} of order ${orderId} not found`),
      );
    });

    it('is 404 under another order than the one it was accepted for', async () => {
      await accepted.remember({
        returnId,
        orderId,
        sagaId,
        items: recorded.items,
        reason: 'x',
        acceptedAt: '',
      });
      const otherOrder = randomUUID();
      await expect(
        new ReturnViewService(orderServiceKnowsNothing(), accepted).view(otherOrder, returnId),
      ).rejects.toThrow(NotFoundException);
    });

    it('is PENDING, unpriced, when the gateway accepted it and the saga has not recorded it yet', async () => {
      await accepted.remember({
        returnId,
        orderId,
        sagaId,
        items: [{ sku: 'SKU-001', quantity: 2 }],
        reason: 'damaged',
        acceptedAt: '2025-01-01T00:00:00.000Z',
      });
      const { view, missing } = await new ReturnViewService(orderServiceKnowsNothing(), accepted).view(
        orderId,
        returnId,
      );
      expect(missing).toEqual([]);
      expect(view).toEqual({
        returnId,
        orderId,
        status: 'PENDING',
        reason: 'damaged',
        items: [{ sku: 'SKU-001', quantity: 2 }],
        refundCents: null,
        saga: null,
      });
    });

    it('is REJECTED when its saga compensated before the order service recorded it', async () => {
      await accepted.remember({
        returnId,
        orderId,
        sagaId,
        items: recorded.items,
        reason: 'x',
        acceptedAt: '',
      });
      const compensated: GetSagaByBusinessKeyResult = { sagaId, status: 'COMPENSATED', currentStep: null };
      const { view } = await new ReturnViewService(orderServiceKnowsNothing(compensated), accepted).view(
        orderId,
        returnId,
      );
      expect(view).toMatchObject({ status: 'REJECTED', saga: { sagaId, status: 'COMPENSATED' } });
    });

    it('answers 503 when the accepted returns cannot be read', async () => {
      accepted.failure = new Error('kv timeout');
      await expect(
        new ReturnViewService(orderServiceKnowsNothing(), accepted).view(orderId, returnId),
      ).rejects.toThrow(
        new ServiceUnavailableException('Return state is unavailable right now; retry later'),
      );
    });
  });
});
