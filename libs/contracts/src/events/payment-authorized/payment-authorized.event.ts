import { defineEvent } from '../../contract-builders';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';
import { PaymentAmount } from '../payment-amount';

export class PaymentAuthorizedPayload extends PaymentAmount {
  @BoundedString(MAX_ID_LENGTH)
  authorizationCode: string;
}

export const PaymentAuthorizedEvent = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'authorized',
  payload: PaymentAuthorizedPayload,
  description: 'The order amount was authorized on the card.',
});
