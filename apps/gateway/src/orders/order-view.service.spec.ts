import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import {
  GetOrderQuery,
  GetOrderResult,
  GetPaymentQuery,
  GetPaymentResult,
  GetReservationQuery,
  GetSagaByOrderQuery,
  GetShipmentQuery,
} from '@app/contracts';
import { InMemoryAcceptedOrders, ScriptedQueryClient } from '../../test/in-memory-fakes';
import { OrderViewService } from './order-view.service';

const orderId = '6f1c1f0e-8f4e-4a55-9d3e-2b1a0c9d8e7f';
const sagaId = '0b5c7d2e-1a3f-4b6c-8d9e-f0a1b2c3d4e5';
const reservationId = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
const paymentId = '2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6';
const shipmentId = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';
const refundedReturnId = '4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b7c8';
const rejectedReturnId = '5a6b7c8d-9e0f-4a1b-8c2d-e3f4a5b6c7d8';

const order: GetOrderResult = {
  orderId,
  status: 'APPROVED',
  customerId: 'cust-42',
  currency: 'USD',
  items: [{ sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 }],
  totalCents: 2598,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:01.000Z',
  returns: [
    { returnId: refundedReturnId, status: 'REFUNDED', refundCents: 1299 },
    { returnId: rejectedReturnId, status: 'REJECTED', refundCents: 0 },
  ],
};

const payment: GetPaymentResult = {
  paymentId,
  status: 'CAPTURED',
  amountCents: 2598,
  currency: 'USD',
  refundedCents: 1299,
};

function everyServiceAnswering(): ScriptedQueryClient {
  return new ScriptedQueryClient()
    .answer(GetOrderQuery, () => order)
    .answer(GetSagaByOrderQuery, () => ({ sagaId, status: 'COMPLETED' as const, currentStep: null }))
    .answer(GetReservationQuery, () => ({
      reservationId,
      status: 'RESERVED',
      items: [{ sku: 'SKU-001', quantity: 2 }],
    }))
    .answer(GetPaymentQuery, () => payment)
    .answer(GetShipmentQuery, () => ({
      shipmentId,
      status: 'SCHEDULED',
      trackingNumber: 'TRK-1',
      country: 'US',
    }));
}

describe('OrderViewService', () => {
  let accepted: InMemoryAcceptedOrders;

  beforeEach(() => {
    accepted = new InMemoryAcceptedOrders();
  });

  it('composes the order with its saga, reservation, payment and shipment, asking each service by order id', async () => {
    const queries = everyServiceAnswering();
    const { view, missing } = await new OrderViewService(queries, accepted).view(orderId);

    expect(missing).toEqual([]);
    expect(view).toEqual({
      orderId,
      status: 'APPROVED',
      customerId: 'cust-42',
      currency: 'USD',
      items: [{ sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 }],
      totalCents: 2598,
      saga: { sagaId, status: 'COMPLETED', currentStep: null },
      reservation: { reservationId, status: 'RESERVED', items: [{ sku: 'SKU-001', quantity: 2 }] },
      payment: { paymentId, status: 'CAPTURED', amountCents: 2598, currency: 'USD', refundedCents: 1299 },
      shipment: { shipmentId, status: 'SCHEDULED', trackingNumber: 'TRK-1', country: 'US' },
      returns: [
        { returnId: refundedReturnId, status: 'REFUNDED', refundCents: 1299 },
        { returnId: rejectedReturnId, status: 'REJECTED', refundCents: 0 },
      ],
    });
    expect(queries.asked).toHaveLength(5);
    expect(queries.asked.map((question) => question.payload)).toEqual(Array(5).fill({ orderId }));
  });

  it("shows the order's own saga (saga-by-order: order-fulfillment), never a return's", async () => {
    const queries = everyServiceAnswering();
    await new OrderViewService(queries, accepted).view(orderId);
    expect(queries.asked.map((question) => question.subject)).toEqual([
      GetOrderQuery.subject,
      GetSagaByOrderQuery.subject,
      GetReservationQuery.subject,
      GetPaymentQuery.subject,
      GetShipmentQuery.subject,
    ]);
  });

  it('shows no returns and nothing refunded when the order and payment services answer without them', async () => {
    const { returns: _returns, ...orderBeforeReturns } = order;
    const queries = everyServiceAnswering()
      .answer(GetOrderQuery, () => orderBeforeReturns)
      .answer(GetPaymentQuery, () => ({ paymentId, status: 'CAPTURED', amountCents: 2598, currency: 'USD' }));
    const { view } = await new OrderViewService(queries, accepted).view(orderId);
    expect(view.returns).toEqual([]);
    expect(view.payment).toEqual({
      paymentId,
      status: 'CAPTURED',
      amountCents: 2598,
      currency: 'USD',
      refundedCents: 0,
    });
  });

  it('lists only the external fields of a return, whatever the order service adds', async () => {
    const grown = { ...order, returns: [{ ...order.returns![0], reason: 'internal', createdAt: 'x' }] };
    const queries = everyServiceAnswering().answer(GetOrderQuery, () => grown);
    const { view } = await new OrderViewService(queries, accepted).view(orderId);
    expect(view.returns).toStrictEqual([
      { returnId: refundedReturnId, status: 'REFUNDED', refundCents: 1299 },
    ]);
  });

  it('shows parts that do not exist yet as null', async () => {
    const queries = everyServiceAnswering()
      .answer(GetReservationQuery, () => null)
      .answer(GetPaymentQuery, () => null)
      .answer(GetShipmentQuery, () => null);
    const { view, missing } = await new OrderViewService(queries, accepted).view(orderId);
    expect(view).toMatchObject({ reservation: null, payment: null, shipment: null });
    expect(missing).toEqual([]);
  });

  it('leaves a part whose service does not answer null and names it as missing', async () => {
    const queries = everyServiceAnswering().fail(GetReservationQuery).fail(GetPaymentQuery);
    const { view, missing } = await new OrderViewService(queries, accepted).view(orderId);
    expect(view).toMatchObject({
      status: 'APPROVED',
      reservation: null,
      payment: null,
      shipment: { shipmentId },
    });
    expect(missing).toEqual(['reservation', 'payment']);
  });

  it('answers 503 when the order service does not answer', async () => {
    const queries = everyServiceAnswering().fail(GetOrderQuery);
    await expect(new OrderViewService(queries, accepted).view(orderId)).rejects.toThrow(
      ServiceUnavailableException,
    );
  });

  it('shows an accepted order whose saga has not created it yet as PENDING', async () => {
    await accepted.remember({
      orderId,
      sagaId,
      customerId: 'cust-42',
      currency: 'EUR',
      items: [{ sku: 'SKU-009', quantity: 3, unitPriceCents: 100 }],
      totalCents: 300,
      acceptedAt: '2025-01-01T00:00:00.000Z',
    });
    const queries = new ScriptedQueryClient()
      .answer(GetOrderQuery, () => null)
      .answer(GetSagaByOrderQuery, () => null)
      .answer(GetReservationQuery, () => null)
      .answer(GetPaymentQuery, () => null)
      .answer(GetShipmentQuery, () => null);

    const { view } = await new OrderViewService(queries, accepted).view(orderId);
    expect(view).toEqual({
      orderId,
      status: 'PENDING',
      customerId: 'cust-42',
      currency: 'EUR',
      items: [{ sku: 'SKU-009', quantity: 3, unitPriceCents: 100 }],
      totalCents: 300,
      saga: null,
      reservation: null,
      payment: null,
      shipment: null,
      returns: [],
    });
  });

  it('shows an accepted order that its service never created as CANCELLED once the saga compensated', async () => {
    await accepted.remember({
      orderId,
      sagaId,
      customerId: 'cust-42',
      currency: 'EUR',
      items: [{ sku: 'SKU-009', quantity: 3, unitPriceCents: 100 }],
      totalCents: 300,
      acceptedAt: '2025-01-01T00:00:00.000Z',
    });
    const bySagaStatus = async (status: 'RUNNING' | 'COMPENSATING' | 'COMPENSATED' | 'FAILED') => {
      const queries = new ScriptedQueryClient()
        .answer(GetOrderQuery, () => null)
        .answer(GetSagaByOrderQuery, () => ({ sagaId, status, currentStep: null }))
        .answer(GetReservationQuery, () => null)
        .answer(GetPaymentQuery, () => null)
        .answer(GetShipmentQuery, () => null);
      return (await new OrderViewService(queries, accepted).view(orderId)).view.status;
    };
    expect(await bySagaStatus('COMPENSATED')).toBe('CANCELLED');
    expect(await bySagaStatus('RUNNING')).toBe('PENDING');
    expect(await bySagaStatus('COMPENSATING')).toBe('PENDING');
    expect(await bySagaStatus('FAILED')).toBe('PENDING');
  });

  it('answers 404 for an order neither its service nor the gateway knows', async () => {
    const queries = everyServiceAnswering().answer(GetOrderQuery, () => null);
    await expect(new OrderViewService(queries, accepted).view(orderId)).rejects.toThrow(NotFoundException);
  });

  it('answers 503 when an unknown order cannot be checked against the accepted orders', async () => {
    accepted.failure = new Error('TIMEOUT');
    const queries = everyServiceAnswering().answer(GetOrderQuery, () => null);
    await expect(new OrderViewService(queries, accepted).view(orderId)).rejects.toThrow(
      ServiceUnavailableException,
    );
  });
});
