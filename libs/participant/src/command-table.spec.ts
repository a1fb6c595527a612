import {
  CancelOrderCommand,
  CancelOrderReply,
  CreateOrderCommand,
  ReleaseInventoryCommand,
} from '@app/contracts';
import {
  BuildGadgetCommand,
  GadgetWorkshop,
  ScrapGadgetCommand,
  gadgetCommands,
} from '../test/gadget-workshop';
import { commandTable, compensate, handle } from './command-table';
import { refused, succeeded } from './decision';
import { participantCommandsController } from './participant-commands-controller';

/** Fits any command: a refusal carries no result. */
const decide = async () => refused('NOT_HERE', 'test only');

describe('command tables', () => {
  it("derive each entry's reply from its command and find entries by contract", () => {
    expect(gadgetCommands.entries.map((entry) => [entry.contract.type, entry.reply])).toEqual([
      [
        BuildGadgetCommand.type,
        {
          type: 'shipping.test-build-gadget.reply',
          subject: 'saga.reply.shipping.test-build-gadget',
          version: 1,
        },
      ],
      [
        ScrapGadgetCommand.type,
        {
          type: 'shipping.test-scrap-gadget.reply',
          subject: 'saga.reply.shipping.test-scrap-gadget',
          version: 1,
        },
      ],
    ]);
    expect(gadgetCommands.entryFor(ScrapGadgetCommand)?.undoes).toBe(BuildGadgetCommand);
    expect(gadgetCommands.entryFor(CreateOrderCommand)).toBeUndefined();
  });

  it('check a decider against the result its command declares (compile time)', () => {
    const entries = [
      handle(CancelOrderCommand, async () => succeeded({ orderId: 'o-1', status: 'CANCELLED' as const })),
      // @ts-expect-error order.cancel's reply result is { orderId, status: 'CANCELLED' }
      handle(CancelOrderCommand, async () => succeeded({ cancelled: true })),
      // @ts-expect-error the result of a compensation is checked too
      compensate(CancelOrderCommand, { undoes: CreateOrderCommand }, async () => succeeded({ orderId: 1 })),
    ];
    expect(entries.map((entry) => entry.reply.type)).toEqual(Array(3).fill(CancelOrderReply.type));
  });

  it('refuse a command handled twice', () => {
    expect(() =>
      commandTable(GadgetWorkshop, [handle(BuildGadgetCommand, decide), handle(BuildGadgetCommand, decide)]),
    ).toThrow("shipping.test-build-gadget is handled twice in GadgetWorkshop's command table");
  });

  it("refuse a compensation of another participant's command", () => {
    expect(() => compensate(ReleaseInventoryCommand, { undoes: CreateOrderCommand }, decide)).toThrow(
      'inventory.release cannot compensate order.create: a participant compensates only its own commands',
    );
  });
});

describe('participantCommandsController', () => {
  it('is one controller named after the participant, with a handler per command of all its tables', () => {
    const other = commandTable(class OtherWorkshop {}, [handle(CreateOrderCommand, decide)]);
    const controller = participantCommandsController('shipping', gadgetCommands, other);

    expect(controller.name).toBe('ShippingCommandsController');
    expect(Object.getOwnPropertyNames(controller.prototype).sort()).toEqual([
      'constructor',
      CreateOrderCommand.type,
      BuildGadgetCommand.type,
      ScrapGadgetCommand.type,
    ]);
  });

  it('refuses a command two tables handle, a compensation of a command none handles, and no command at all', () => {
    const again = commandTable(class AgainWorkshop {}, [handle(BuildGadgetCommand, decide)]);
    const orphan = commandTable(class OrphanWorkshop {}, [
      compensate(CancelOrderCommand, { undoes: CreateOrderCommand }, decide),
    ]);

    expect(() => participantCommandsController('shipping', gadgetCommands, again)).toThrow(
      'shipping.test-build-gadget is handled twice by shipping',
    );
    expect(() => participantCommandsController('order', orphan)).toThrow(
      'order.cancel compensates order.create, which order does not handle',
    );
    expect(() => participantCommandsController('order')).toThrow("order's command tables handle no command");
  });
});
