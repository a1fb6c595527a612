import { defineSagaModule } from '@app/saga-core';
import { orderReturnContracts } from './contracts';
import { orderReturnSaga } from './order-return.saga';
import { orderReturnStart } from './order-return.start';

/** What the orchestrator is given to run returns: the definition, its start and its messages. */
export const orderReturnModule = defineSagaModule({
  definition: orderReturnSaga,
  start: orderReturnStart,
  contracts: orderReturnContracts,
});
