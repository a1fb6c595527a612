import { Controller } from '@nestjs/common';
import {
  AuthorizePaymentCommand,
  AuthorizePaymentPayload,
  AuthorizePaymentReply,
  CapturePaymentCommand,
  CapturePaymentPayload,
  CapturePaymentReply,
  Envelope,
  VoidPaymentCommand,
  VoidPaymentPayload,
  VoidPaymentReply,
} from '@app/contracts';
import { HandlesMessage } from '@app/messaging';
import { ParticipantCommandRunner } from '@app/platform';
import { answerCommand } from '@app/participant';
import { PaymentService } from './payment.service';

const CONSUMER = 'payment';

@Controller()
export class PaymentCommandsController {
  constructor(
    private readonly runner: ParticipantCommandRunner,
    private readonly payments: PaymentService,
  ) {}

  @HandlesMessage(AuthorizePaymentCommand)
  authorize(command: Envelope<AuthorizePaymentPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, AuthorizePaymentReply, (manager) =>
      this.payments.authorize(manager, command.payload),
    );
  }

  @HandlesMessage(VoidPaymentCommand)
  void(command: Envelope<VoidPaymentPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, VoidPaymentReply, (manager) =>
      this.payments.void(manager, command.payload),
    );
  }

  @HandlesMessage(CapturePaymentCommand)
  capture(command: Envelope<CapturePaymentPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, CapturePaymentReply, (manager) =>
      this.payments.capture(manager, command.payload),
    );
  }
}
