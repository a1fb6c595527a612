import {
  DuplicateContractError,
  PLATFORM_CONTRACTS,
  ReplyPayload,
  ReserveInventoryCommand,
  defineCommand,
  defineContract,
  defineReply,
} from '@app/contracts';
import { bindSagaStart, defineSaga, defineSagaModule, type SagaDefinition } from '@app/saga-core';
import { orderFulfillmentModule } from '../sagas/order-fulfillment';
import { registerSagas } from './registered-sagas';

class StocktakePayload {
  sagaId!: string;
  warehouseId!: string;
}
class TallyPayload {
  warehouseId!: string;
}
class TallyReplyPayload extends ReplyPayload {}

const StartStocktake = defineContract({
  type: 'saga.start.stocktake',
  kind: 'start',
  subject: 'saga.start.stocktake',
  version: 1,
  payload: StocktakePayload,
  description: 'starts a stocktake',
});
const Tally = defineCommand({
  service: 'inventory',
  action: 'tally',
  payload: TallyPayload,
  description: 'test',
});
const TallyReply = defineReply(Tally, TallyReplyPayload, 'test');

/** A saga of one's own: its own start, command and reply, plus a command borrowed from the platform. */
function stocktakeModule(contracts = [Tally, TallyReply]) {
  const definition = defineSaga<{ warehouseId: string }>('stocktake', 1, { timeoutMs: 1_000 })
    .step('tally-stock')
    .invoke(Tally, (data) => ({ warehouseId: data.warehouseId }))
    .step('reserve-stock')
    .invoke(ReserveInventoryCommand, () => ({ orderId: '', items: [] }))
    .build();
  return defineSagaModule({
    definition,
    start: bindSagaStart({
      contract: StartStocktake,
      sagaType: 'stocktake',
      request: (payload) => ({
        sagaId: payload.sagaId,
        businessKey: payload.warehouseId,
        idempotencyKey: null,
        data: { warehouseId: payload.warehouseId },
      }),
    }),
    contracts,
  });
}

describe('registerSagas', () => {
  it('runs what it is given: the sagas, their starts, the platform’s contracts and theirs, and their replies', () => {
    const sagas = registerSagas([orderFulfillmentModule, stocktakeModule()]);

    expect(sagas.registry.all().map((definition) => definition.type)).toEqual([
      'order-fulfillment',
      'stocktake',
    ]);
    expect(sagas.starts.map((start) => start.contract.type)).toEqual([
      'saga.start.order-fulfillment',
      'saga.start.stocktake',
    ]);
    expect(sagas.contracts.bySubject('saga.start.stocktake')).toBe(StartStocktake);
    expect(sagas.contracts.bySubject('saga.reply.inventory.tally')).toBe(TallyReply);
    expect(sagas.contracts.all()).toEqual(expect.arrayContaining([...PLATFORM_CONTRACTS]));
    expect(sagas.replies.map((reply) => reply.type)).toEqual(
      expect.arrayContaining(['order.create.reply', 'inventory.tally.reply', 'inventory.reserve.reply']),
    );
    expect(sagas.replies.filter((reply) => reply.type === 'inventory.reserve.reply')).toHaveLength(1);
  });

  it('knows no saga it was not given', () => {
    const sagas = registerSagas([orderFulfillmentModule]);

    expect(sagas.starts.map((start) => start.contract.type)).toEqual(['saga.start.order-fulfillment']);
    expect(sagas.contracts.byType('saga.start.stocktake')).toBeUndefined();
    expect(() => sagas.registry.latest('stocktake')).toThrow('no saga definition registered for stocktake');
  });

  it('tunes every definition it registers', () => {
    const tuned: string[] = [];
    const tune = (definition: SagaDefinition<unknown>) => {
      tuned.push(definition.type);
      return { ...definition, version: definition.version + 10 };
    };

    const sagas = registerSagas([orderFulfillmentModule, stocktakeModule()], tune);

    expect(tuned).toEqual(['order-fulfillment', 'stocktake']);
    expect(sagas.registry.latest('stocktake').version).toBe(11);
  });

  it('refuses to run nothing', () => {
    expect(() => registerSagas([])).toThrow('the orchestrator was given no saga module to run');
  });

  it('refuses a saga module given twice, and two modules on one start message', () => {
    expect(() => registerSagas([stocktakeModule(), stocktakeModule()])).toThrow(
      'saga definition stocktake v1 is already registered',
    );
    const impostor = defineSagaModule({
      ...stocktakeModule(),
      definition: { ...stocktakeModule().definition, type: 'stocktake-again' },
      start: { ...stocktakeModule().start, sagaType: 'stocktake-again' },
    });
    expect(() => registerSagas([stocktakeModule(), impostor])).toThrow(
      'saga.start.stocktake starts two saga modules: stocktake and stocktake-again',
    );
  });

  it('refuses a module whose contract takes a platform contract’s type and version', () => {
    const shadow = defineCommand({
      service: 'inventory',
      action: 'reserve',
      payload: TallyPayload,
      description: 'not the platform’s',
    });

    expect(() => registerSagas([stocktakeModule([Tally, TallyReply, shadow])])).toThrow(
      DuplicateContractError,
    );
  });

  it('refuses a module whose command has no reply contract, naming the saga and the command', () => {
    expect(() => registerSagas([orderFulfillmentModule, stocktakeModule([Tally])])).toThrow(
      /^saga stocktake v1 sends inventory\.tally v1 \(step tally-stock\) but no reply contract inventory\.tally\.reply v1 is registered/,
    );
  });
});
