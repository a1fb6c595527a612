import { ContractRegistry, PLATFORM_CONTRACTS, defineCommand } from '@app/contracts';
import { createSagaInstance, defineSaga, SagaRegistry } from '@app/saga-core';
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
    const types = replyContractsOf(
      new SagaRegistry([orderFulfillmentSaga as never]),
      new ContractRegistry(PLATFORM_CONTRACTS),
    ).map((contract) => contract.type);

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

  it('refuses a saga that sends a command whose reply contract is not registered, naming the saga, step and command', () => {
    class TallyPayload {
      orderId!: string;
    }
    const Tally = defineCommand({
      service: 'inventory',
      action: 'tally',
      payload: TallyPayload,
      description: 'a command no reply contract answers',
    });
    const stocktake = defineSaga<{ orderId: string }>('stocktake', 1, { timeoutMs: 1_000 })
      .step('tally-stock')
      .invoke(Tally, (data) => ({ orderId: data.orderId }))
      .build();

    expect(() =>
      replyContractsOf(new SagaRegistry([stocktake as never]), new ContractRegistry(PLATFORM_CONTRACTS)),
    ).toThrow(
      "saga stocktake v1 sends inventory.tally v1 (step tally-stock) but no reply contract inventory.tally.reply v1 is registered: add it to the saga module's contracts",
    );
  });
});
