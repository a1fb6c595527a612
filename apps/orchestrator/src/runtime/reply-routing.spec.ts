import { createSagaInstance, SagaRegistry } from '@app/saga-core';
import { orderFulfillmentSaga } from '../sagas/order-fulfillment';
import { commandTypeOfReply, replyContractsOf, stepForReply } from './reply-routing';

describe('reply routing', () => {
  it('reads the command type out of a reply type', () => {
    expect(commandTypeOfReply('inventory.reserve.reply')).toBe('inventory.reserve');
    expect(commandTypeOfReply('inventory.reserve')).toBeUndefined();
  });

  it('finds the step that sends a command or compensation of that type', () => {
    const instance = createSagaInstance(orderFulfillmentSaga, 'saga-1', {} as never);

    expect(stepForReply(orderFulfillmentSaga, instance, 'payment.authorize', 'c-1')).toBe(
      'authorize-payment',
    );
    expect(stepForReply(orderFulfillmentSaga, instance, 'payment.void', 'c-1')).toBe('authorize-payment');
    expect(stepForReply(orderFulfillmentSaga, instance, 'payment.capture', 'c-1')).toBe('capture-payment');
    expect(stepForReply(orderFulfillmentSaga, instance, 'order.frobnicate', 'c-1')).toBeUndefined();
  });

  it('prefers the step waiting on exactly that command when two steps send the same type', () => {
    const twice = {
      ...orderFulfillmentSaga,
      steps: [orderFulfillmentSaga.steps[0], { ...orderFulfillmentSaga.steps[0], name: 'create-again' }],
    };
    const instance = createSagaInstance(twice, 'saga-1', {} as never);
    instance.steps[1].lastCommandId = 'c-2';

    expect(stepForReply(twice, instance, 'order.create', 'c-2')).toBe('create-again');
    expect(stepForReply(twice, instance, 'order.create', 'c-9')).toBe('create-order');
  });

  it('lists one reply contract per command and compensation the registered sagas send', () => {
    const types = replyContractsOf(new SagaRegistry([orderFulfillmentSaga as never])).map(
      (contract) => contract.type,
    );

    expect(types.sort()).toEqual(
      [
        'order.create',
        'order.cancel',
        'inventory.reserve',
        'inventory.release',
        'payment.authorize',
        'payment.void',
        'shipping.schedule',
        'payment.capture',
        'order.approve',
      ]
        .map((type) => `${type}.reply`)
        .sort(),
    );
  });
});
