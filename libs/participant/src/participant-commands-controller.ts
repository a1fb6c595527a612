import { Controller, Inject, type Type } from '@nestjs/common';
import type { Envelope } from '@app/contracts';
import { HandlesMessage, PermanentError } from '@app/messaging';
import { ParticipantCommandRunner } from '@app/platform';
import { answerCommand } from './answer-command';
import { businessKeyOf } from './business-key';
import type { CommandEntry, CommandTable } from './command-table';

interface BuiltController {
  readonly runner: ParticipantCommandRunner;
  readonly services: unknown[];
}

/**
 * The Nest controller that feeds a participant's command tables: one `@HandlesMessage` handler
 * per command, each answered through `answerCommand` (inbox, ledger keyed by the command's
 * business key, decision, reply and events in one transaction). `consumer` names the inbox the
 * participant's commands are deduplicated in (its service name). List it in the module's
 * `controllers`; each table's service must be a provider of that module.
 */
export function participantCommandsController(
  consumer: string,
  ...tables: CommandTable<unknown>[]
): Type<unknown> {
  const rows = tables.flatMap((table, index) => table.entries.map((entry) => ({ entry, index })));
  checkTables(
    consumer,
    rows.map(({ entry }) => entry),
  );

  class ParticipantCommandsController implements BuiltController {
    readonly services: unknown[];
    constructor(
      readonly runner: ParticipantCommandRunner,
      ...services: unknown[]
    ) {
      this.services = services;
    }
  }
  Object.defineProperty(ParticipantCommandsController, 'name', {
    value: `${consumer[0].toUpperCase()}${consumer.slice(1)}CommandsController`,
  });
  Inject(ParticipantCommandRunner)(ParticipantCommandsController, undefined, 0);
  tables.forEach((table, index) =>
    Inject(table.service)(ParticipantCommandsController, undefined, index + 1),
  );

  const prototype = ParticipantCommandsController.prototype as object;
  for (const { entry, index } of rows) {
    const descriptor: PropertyDescriptor = {
      value: function (this: BuiltController, command: Envelope<object>): Promise<void> {
        return answer(this.runner, consumer, entry, this.services[index], command);
      },
      writable: true,
      configurable: true,
    };
    // The method is named after the command's type, which is what Nest's logs show.
    HandlesMessage(entry.contract)(prototype, entry.contract.type, descriptor);
    Object.defineProperty(prototype, entry.contract.type, descriptor);
  }
  Controller()(ParticipantCommandsController);
  return ParticipantCommandsController;
}

function answer<S>(
  runner: ParticipantCommandRunner,
  consumer: string,
  entry: CommandEntry<S>,
  service: S,
  command: Envelope<object>,
): Promise<void> {
  const businessKey = businessKeyOf(command);
  if (businessKey === undefined) {
    // Nothing to key its effect on: no resend could ever be recognised, so it is not run.
    throw new PermanentError(`${command.type} carries neither a business-key header nor an orderId`);
  }
  return answerCommand(
    runner,
    command,
    consumer,
    entry.reply,
    (manager) => entry.decide(service, manager, { businessKey, envelope: command }),
    { businessKey, openings: entry.openings(command.payload) },
  );
}

/** A command handled twice, or a compensation of a command no table handles, is a wiring mistake. */
function checkTables(consumer: string, entries: CommandEntry<unknown>[]): void {
  if (entries.length === 0) throw new Error(`${consumer}'s command tables handle no command`);
  const types = new Set<string>();
  for (const { contract } of entries) {
    if (types.has(contract.type)) throw new Error(`${contract.type} is handled twice by ${consumer}`);
    types.add(contract.type);
  }
  for (const { contract, undoes } of entries) {
    if (undoes && !types.has(undoes.type)) {
      throw new Error(`${contract.type} compensates ${undoes.type}, which ${consumer} does not handle`);
    }
  }
}
