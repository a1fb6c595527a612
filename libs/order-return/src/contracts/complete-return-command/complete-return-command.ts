import { defineCommand } from '@app/contracts';
import { ReturnScoped } from '../shared/return-scoped';

export class CompleteReturnPayload extends ReturnScoped {}

export const CompleteReturnCommand = defineCommand({
  service: 'order',
  action: 'complete-return',
  payload: CompleteReturnPayload,
  description: 'Mark a refunded return REFUNDED.',
});
