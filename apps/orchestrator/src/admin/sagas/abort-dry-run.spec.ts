import { given } from '@app/saga-testing';
import { orderFulfillmentSaga } from '../../sagas/order-fulfillment';
import { orderData, replyResults } from '../../sagas/order-fulfillment/testing/order-fulfillment.fixture';
import { abortDryRun } from './abort-dry-run';

const saga = () => given(orderFulfillmentSaga, orderData, { sagaId: 'saga-1' });

const awaitingAuthorization = () =>
  saga()
    .expectCommand('order.create')
    .whenSuccessReply(replyResults['create-order'])
    .expectCommand('inventory.reserve')
    .whenSuccessReply(replyResults['reserve-inventory'])
    .expectCommand('payment.authorize');

describe('abortDryRun', () => {
  it('lists every compensation in the order they would be sent, the step in flight first', () => {
    const { instance } = awaitingAuthorization();
    const before = structuredClone(instance);

    expect(abortDryRun(orderFulfillmentSaga, instance, 'customer cancelled')).toEqual({
      outcome: 'planned',
      compensations: [
        { step: 'authorize-payment', command: 'payment.void' },
        { step: 'reserve-inventory', command: 'inventory.release' },
        { step: 'create-order', command: 'order.cancel' },
      ],
    });
    expect(instance).toEqual(before);
  });

  it('leaves out a step waiting out a retry backoff: its command is not in flight', () => {
    const { instance } = awaitingAuthorization().whenTransientReply();
    expect(instance.deadline?.reason).toBe('retry-backoff');

    expect(abortDryRun(orderFulfillmentSaga, instance, 'stop')).toEqual({
      outcome: 'planned',
      compensations: [
        { step: 'reserve-inventory', command: 'inventory.release' },
        { step: 'create-order', command: 'order.cancel' },
      ],
    });
  });

  it('is refused past the pivot and once the saga is finished, like a real abort', () => {
    const pastPivot = awaitingAuthorization()
      .whenSuccessReply(replyResults['authorize-payment'])
      .expectCommand('shipping.schedule').instance;
    expect(abortDryRun(orderFulfillmentSaga, pastPivot, 'stop')).toMatchObject({
      outcome: 'refused',
      rejection: { code: 'PAST_PIVOT' },
    });

    const compensated = saga().expectCommand('order.create').whenFailureReply({ code: 'REJECTED' }).instance;
    expect(compensated.status).toBe('COMPENSATED');
    expect(abortDryRun(orderFulfillmentSaga, compensated, 'stop')).toMatchObject({
      outcome: 'refused',
      rejection: { code: 'SAGA_TERMINAL' },
    });
  });
});
