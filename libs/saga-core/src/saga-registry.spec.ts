import { defineSaga } from './define-saga';
import { SagaRegistry, UnknownSagaDefinitionError } from './saga-registry';
import { Hold, shopSaga } from './testing/shop-saga.fixture';

const shopV2 = defineSaga<{ id: string }>('shop', 2)
  .step('hold')
  .invoke(Hold, (d) => ({ id: d.id }))
  .timeout(1_000)
  .build();

describe('SagaRegistry', () => {
  const registry = new SagaRegistry([shopV2, shopSaga]);

  it('finds a definition by type and version, so an instance keeps running on its own version', () => {
    expect(registry.get('shop', 1)).toBe(shopSaga);
    expect(registry.get('shop', 2)).toBe(shopV2);
  });

  it('starts new sagas on the latest version', () => {
    expect(registry.latest('shop')).toBe(shopV2);
  });

  it('names what is missing', () => {
    expect(() => registry.get('shop', 3)).toThrow(new UnknownSagaDefinitionError('shop', 3));
    expect(() => registry.get('shop', 3)).toThrow('no saga definition registered for shop v3');
    expect(() => registry.latest('refund')).toThrow('no saga definition registered for refund');
  });

  it('refuses to register the same type and version twice', () => {
    expect(() => new SagaRegistry([shopSaga, shopSaga])).toThrow(
      'saga definition shop v1 is already registered',
    );
  });

  it('lists every definition', () => {
    expect(registry.all()).toEqual([shopV2, shopSaga]);
  });
});
