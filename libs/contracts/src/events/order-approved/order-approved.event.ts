import { defineEvent } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';

export class OrderApprovedPayload extends OrderScoped {}

export const OrderApprovedEvent = defineEvent({
  service: 'order',
  entity: 'order',
  action: 'approved',
  payload: OrderApprovedPayload,
  description: 'An order moved to APPROVED.',
});
