import { defineCommand } from '../../contract-builders';
import { OrderScoped } from '../../shared/order-scoped';

export class ApproveOrderPayload extends OrderScoped {}

export const ApproveOrderCommand = defineCommand({
  service: 'order',
  action: 'approve',
  payload: ApproveOrderPayload,
  description: 'Mark the order APPROVED once shipment is scheduled and payment captured.',
});
