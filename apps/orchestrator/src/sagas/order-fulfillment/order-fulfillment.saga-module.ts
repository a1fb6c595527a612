import { defineSagaModule } from '@app/saga-core';
import { orderFulfillmentSaga } from './order-fulfillment.saga';
import { orderFulfillmentStart } from './order-fulfillment.start';

/**
 * The order-fulfillment saga as the orchestrator is given it. Its commands, replies and events
 * are the platform's own (`PLATFORM_CONTRACTS`), so it lists none; its start contract comes with
 * the binding.
 */
export const orderFulfillmentModule = defineSagaModule({
  definition: orderFulfillmentSaga,
  start: orderFulfillmentStart,
  contracts: [],
});
