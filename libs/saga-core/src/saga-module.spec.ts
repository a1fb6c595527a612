import { type MessageContract, defineContract } from '@app/contracts';
import { bindSagaStart, defineSagaModule, SagaModuleError } from './saga-module';
import { Hold, shopSaga, type ShopData } from './testing/shop-saga.fixture';

class StartShopPayload {
  sagaId!: string;
  orderId!: string;
  amount!: number;
}

const StartShop = defineContract({
  type: 'saga.start.shop',
  kind: 'start',
  subject: 'saga.start.shop',
  version: 1,
  payload: StartShopPayload,
  description: 'starts a shop saga',
});

const shopStart = bindSagaStart({
  contract: StartShop,
  sagaType: 'shop',
  request: (payload) => ({
    sagaId: payload.sagaId,
    businessKey: payload.orderId,
    idempotencyKey: null,
    data: { orderId: payload.orderId, amount: payload.amount } satisfies ShopData,
  }),
});

describe('defineSagaModule', () => {
  it('adds its start contract to the contracts it owns, once', () => {
    const withoutStart = defineSagaModule({ definition: shopSaga, start: shopStart, contracts: [Hold] });
    const withStart = defineSagaModule({
      definition: shopSaga,
      start: shopStart,
      contracts: [StartShop, Hold],
    });

    expect(withoutStart.contracts).toEqual([StartShop, Hold]);
    expect(withStart.contracts).toEqual([StartShop, Hold]);
  });

  it('turns a start payload into a start request through its binding', () => {
    const module = defineSagaModule({ definition: shopSaga, start: shopStart, contracts: [] });

    expect(module.start.request({ sagaId: 's-1', orderId: 'o-1', amount: 5 } as StartShopPayload)).toEqual({
      sagaId: 's-1',
      businessKey: 'o-1',
      idempotencyKey: null,
      data: { orderId: 'o-1', amount: 5 },
    });
  });

  it('refuses a start binding of another saga type', () => {
    const other = bindSagaStart({ ...shopStart, sagaType: 'warehouse' });

    expect(() => defineSagaModule({ definition: shopSaga, start: other, contracts: [] })).toThrow(
      new SagaModuleError('shop', 'its start binding starts warehouse'),
    );
  });

  it('refuses a start binding whose contract is not a start contract', () => {
    const commandStart = bindSagaStart({ ...shopStart, contract: Hold as MessageContract<StartShopPayload> });

    expect(() => defineSagaModule({ definition: shopSaga, start: commandStart, contracts: [] })).toThrow(
      'saga module shop: its start contract stock.hold is a command contract',
    );
  });

  it('is frozen, contracts included', () => {
    const module = defineSagaModule({ definition: shopSaga, start: shopStart, contracts: [Hold] });

    expect(Object.isFrozen(module)).toBe(true);
    expect(Object.isFrozen(module.contracts)).toBe(true);
  });
});
