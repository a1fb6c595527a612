import { IsUUID } from 'class-validator';
import { AuthorizePaymentCommand } from '../../commands/authorize-payment/authorize-payment.command';
import { defineReply } from '../../contract-builders';
import { BoundedString } from '../../validation/field-decorators';
import { MAX_ID_LENGTH } from '../../validation/limits';
import { ReplyPayload, ReplyResult } from '../reply-payload';

export class AuthorizePaymentReplyResult {
  @IsUUID()
  paymentId: string;

  @BoundedString(MAX_ID_LENGTH)
  authorizationCode: string;
}

export class AuthorizePaymentReplyPayload extends ReplyPayload {
  @ReplyResult(() => AuthorizePaymentReplyResult)
  result?: AuthorizePaymentReplyResult;
}

export const AuthorizePaymentReply = defineReply(
  AuthorizePaymentCommand,
  AuthorizePaymentReplyPayload,
  'Outcome of payment.authorize; PAYMENT_DECLINED or INSUFFICIENT_FUNDS on business failure.',
);
