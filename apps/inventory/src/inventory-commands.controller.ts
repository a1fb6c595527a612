import { Controller } from '@nestjs/common';
import {
  Envelope,
  ReleaseInventoryCommand,
  ReleaseInventoryPayload,
  ReleaseInventoryReply,
  ReserveInventoryCommand,
  ReserveInventoryPayload,
  ReserveInventoryReply,
} from '@app/contracts';
import { HandlesMessage } from '@app/messaging';
import { ParticipantCommandRunner } from '@app/platform';
import { answerCommand } from '@app/participant';
import { InventoryService } from './inventory.service';
import { stockLockOpening } from './stock-movements';

const CONSUMER = 'inventory';

@Controller()
export class InventoryCommandsController {
  constructor(
    private readonly runner: ParticipantCommandRunner,
    private readonly inventory: InventoryService,
  ) {}

  @HandlesMessage(ReserveInventoryCommand)
  reserve(command: Envelope<ReserveInventoryPayload>): Promise<void> {
    return answerCommand(
      this.runner,
      command,
      CONSUMER,
      ReserveInventoryReply,
      (manager) => this.inventory.reserve(manager, command.payload),
      [stockLockOpening(command.payload.items.map((item) => item.sku))],
    );
  }

  @HandlesMessage(ReleaseInventoryCommand)
  release(command: Envelope<ReleaseInventoryPayload>): Promise<void> {
    return answerCommand(this.runner, command, CONSUMER, ReleaseInventoryReply, (manager) =>
      this.inventory.release(manager, command.payload),
    );
  }
}
