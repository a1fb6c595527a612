import type { OrderView } from '../../apps/gateway/src/orders/order-view';
import { judgeSaga } from './saga-consistency';

const ORDER_ID = '0c85fe1c-5cf1-4dd6-a648-09703ff688dd';

function completed(): OrderView {
  return {
    orderId: ORDER_ID,
    status: 'APPROVED',
    customerId: 'cust-42',
    currency: 'USD',
    items: [
      { sku: 'SKU-001', quantity: 2, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ],
    totalCents: 3098,
    returns: [],
    saga: {
      sagaId: 'f429de4f-70b9-41c4-b0ad-92d759fa7416',
      status: 'COMPLETED',
      currentStep: 'approve-order',
    },
    reservation: {
      reservationId: '25597b44-7744-4380-816c-c275202827a9',
      status: 'RESERVED',
      items: [
        { sku: 'SKU-002', quantity: 1 },
        { sku: 'SKU-001', quantity: 2 },
      ],
    },
    payment: {
      paymentId: '924b26d3-fc30-4b45-9615-21ebe4a7fa7b',
      status: 'CAPTURED',
      amountCents: 3098,
      currency: 'USD',
      refundedCents: 0,
    },
    shipment: {
      shipmentId: '2d2f8b50-f137-4362-85a2-ab35626bc436',
      status: 'SCHEDULED',
      trackingNumber: 'TRKF3D2698AB9B4',
      country: 'US',
    },
  };
}

function compensated(): OrderView {
  const view = completed();
  return {
    ...view,
    status: 'CANCELLED',
    saga: { ...view.saga!, status: 'COMPENSATED', currentStep: 'create-order' },
    reservation: { ...view.reservation!, status: 'RELEASED' },
    payment: { ...view.payment!, status: 'VOIDED' },
    shipment: null,
  };
}

const withSaga = (view: OrderView, status: string): OrderView => ({
  ...view,
  saga: { ...view.saga!, status: status as never },
});

describe('judgeSaga', () => {
  it('waits while the saga runs, compensates or is not known yet', () => {
    expect(judgeSaga(withSaga(completed(), 'RUNNING'))).toEqual({ terminal: false });
    expect(judgeSaga(withSaga(compensated(), 'COMPENSATING'))).toEqual({ terminal: false });
    expect(judgeSaga({ ...completed(), status: 'PENDING', saga: null })).toEqual({ terminal: false });
  });

  it('finds a completed saga with every effect in place consistent', () => {
    expect(judgeSaga(completed())).toEqual({ terminal: true, status: 'COMPLETED', problems: [] });
  });

  it('names each effect a completed saga is missing', () => {
    const view: OrderView = {
      ...completed(),
      status: 'PENDING',
      reservation: null,
      payment: { ...completed().payment!, status: 'AUTHORIZED' },
      shipment: null,
    };

    expect(judgeSaga(view)).toEqual({
      terminal: true,
      status: 'COMPLETED',
      problems: [
        'order is PENDING, expected APPROVED',
        'reservation is absent, expected RESERVED',
        'payment is AUTHORIZED, expected CAPTURED',
        'shipment is absent, expected SCHEDULED',
      ],
    });
  });

  it('catches a capture of the wrong amount and a reservation of the wrong lines', () => {
    const view = completed();
    view.payment!.amountCents = 1299;
    view.reservation!.items = [{ sku: 'SKU-001', quantity: 1 }];

    expect(judgeSaga(view)).toMatchObject({
      problems: [
        'payment is 1299 cents for an order of 3098',
        'reservation holds 1xSKU-001 for an order of 1xSKU-002,2xSKU-001',
      ],
    });
  });

  it('finds a compensated saga consistent whether its effects were undone or never happened', () => {
    expect(judgeSaga(compensated())).toEqual({ terminal: true, status: 'COMPENSATED', problems: [] });
    const declined: OrderView = {
      ...compensated(),
      payment: { ...compensated().payment!, status: 'DECLINED' },
    };
    expect(judgeSaga(declined)).toMatchObject({ problems: [] });
    const nothingHappened: OrderView = { ...compensated(), reservation: null, payment: null };
    expect(judgeSaga(nothingHappened)).toMatchObject({ problems: [] });
  });

  it('names each effect a compensated saga left behind', () => {
    const view: OrderView = {
      ...completed(),
      saga: { ...completed().saga!, status: 'COMPENSATED' },
    };

    expect(judgeSaga(view)).toEqual({
      terminal: true,
      status: 'COMPENSATED',
      problems: [
        'order is APPROVED, expected CANCELLED',
        'reservation is RESERVED, expected RELEASED or absent',
        'payment is CAPTURED, expected VOIDED or DECLINED or absent',
        'shipment is SCHEDULED, expected absent',
      ],
    });
  });

  it('counts a FAILED saga without judging it: it waits for an operator', () => {
    expect(judgeSaga(withSaga(completed(), 'FAILED'))).toEqual({
      terminal: true,
      status: 'FAILED',
      problems: [],
    });
  });
});
