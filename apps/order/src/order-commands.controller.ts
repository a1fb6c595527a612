import { Controller } from '@nestjs/common';
import {
  ApproveOrderCommand,
  ApproveOrderPayload,
  ApproveOrderReply,
  CancelOrderCommand,
  CancelOrderPayload,
  CancelOrderReply,
  CreateOrderCommand,
  CreateOrderPayload,
  CreateOrderReply,
  Envelope,
} from '@app/contracts';
import { HandlesMessage } from '@app/messaging';
import { ParticipantCommandRunner } from '@app/platform';
import { answerCommand } from '@app/participant';
import { OrderService } from './order.service';

const CONSUMER = 'order';

@Controller()
export class OrderCommandsController {
  constructor(
    private readonly runner: ParticipantCommandRunner,
    private readonly orders: OrderService,
  ) {}

  @HandlesMessage(CreateOrderCommand)
  create(command: Envelope<CreateOrderPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, CreateOrderReply, (manager) =>
      this.orders.create(manager, command.payload),
    );
  }

  @HandlesMessage(ApproveOrderCommand)
  approve(command: Envelope<ApproveOrderPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, ApproveOrderReply, (manager) =>
      this.orders.approve(manager, command.payload),
    );
  }

  @HandlesMessage(CancelOrderCommand)
  cancel(command: Envelope<CancelOrderPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, CancelOrderReply, (manager) =>
      this.orders.cancel(manager, command.payload),
    );
  }
}
