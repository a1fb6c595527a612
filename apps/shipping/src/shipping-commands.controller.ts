import { Controller } from '@nestjs/common';
import {
  Envelope,
  ScheduleShipmentCommand,
  ScheduleShipmentPayload,
  ScheduleShipmentReply,
} from '@app/contracts';
import { HandlesMessage } from '@app/messaging';
import { ParticipantCommandRunner } from '@app/platform';
import { answerCommand } from '@app/participant';
import { ShippingService } from './shipping.service';

const CONSUMER = 'shipping';

@Controller()
export class ShippingCommandsController {
  constructor(
    private readonly runner: ParticipantCommandRunner,
    private readonly shipping: ShippingService,
  ) {}

  @HandlesMessage(ScheduleShipmentCommand)
  schedule(command: Envelope<ScheduleShipmentPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, ScheduleShipmentReply, (manager) =>
      this.shipping.schedule(manager, command.payload),
    );
  }
}
