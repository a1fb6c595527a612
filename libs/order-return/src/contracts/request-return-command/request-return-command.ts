import { defineCommand, LineItems, SkuQuantity } from '@app/contracts';
import { ReturnReason } from '../shared/return-reason';
import { ReturnScoped } from '../shared/return-scoped';

export class RequestReturnPayload extends ReturnScoped {
  @LineItems(() => SkuQuantity)
  items: SkuQuantity[];

  @ReturnReason()
  reason: string;
}

export const RequestReturnCommand = defineCommand({
  service: 'order',
  action: 'request-return',
  payload: RequestReturnPayload,
  description:
    'Record a PENDING return of items of an APPROVED order, holding their quantities; ' +
    'RETURN_NOT_ALLOWED or RETURN_EXCEEDS_ORDER records it REJECTED instead.',
});
