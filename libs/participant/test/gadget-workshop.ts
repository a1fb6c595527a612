import 'reflect-metadata';
import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@app/config';
import { defineContract } from '@app/contracts';
import { PlatformModule } from '@app/platform';
import {
  type CommandContext,
  type Decision,
  NO_REPLY,
  type NoReply,
  PARTICIPANT_ENTITIES,
  commandTable,
  compensate,
  domainEvent,
  handle,
  participantCommandsController,
  refused,
  succeeded,
} from '../src';

/**
 * A participant used only by this lib's tests: it builds gadgets and scraps them as compensation.
 * Its commands travel on the shipping service's subjects, so a harness booted as `shipping`
 * (its schema, its durable consumer) feeds them; nothing of shipping's own is loaded.
 */
export class GadgetPayload {
  @IsUUID()
  orderId: string;

  @IsOptional()
  @IsUUID()
  returnId?: string;

  @IsString()
  @Length(1, 40)
  label: string;

  /** How the workshop decides: `silent` never answers, `busy` refuses for now. */
  @IsOptional()
  @IsIn(['silent', 'busy'])
  mode?: 'silent' | 'busy';
}

export class GadgetBuiltPayload {
  @IsString()
  businessKey: string;

  @IsString()
  label: string;
}

export const BuildGadgetCommand = defineContract({
  type: 'shipping.test-build-gadget',
  kind: 'command',
  subject: 'saga.cmd.shipping.test-build-gadget',
  version: 1,
  payload: GadgetPayload,
  description: 'Builds a gadget (test only).',
});

export const ScrapGadgetCommand = defineContract({
  type: 'shipping.test-scrap-gadget',
  kind: 'command',
  subject: 'saga.cmd.shipping.test-scrap-gadget',
  version: 1,
  payload: GadgetPayload,
  description: 'Scraps the gadget built for the same business key (test only).',
});

export const GadgetBuiltEvent = defineContract({
  type: 'shipping.test-gadget.built',
  kind: 'event',
  subject: 'events.shipping.test-gadget.built.v1',
  version: 1,
  payload: GadgetBuiltPayload,
  description: 'A gadget was built (test only).',
});

interface Effect {
  businessKey: string;
  label: string;
}

/** Decides in memory and remembers every effect it had, so a test can count them. */
@Injectable()
export class GadgetWorkshop {
  readonly built: Effect[] = [];
  readonly scrapped: Effect[] = [];
  /** Builds refused because their scrap came first (`whenCompensatedFirst`). */
  readonly refusedLate: Effect[] = [];

  async build(
    _manager: EntityManager,
    payload: GadgetPayload,
    { businessKey }: CommandContext,
  ): Promise<Decision<{ gadget: string }> | NoReply> {
    if (payload.mode === 'silent') return NO_REPLY;
    if (payload.mode === 'busy') return refused('WORKSHOP_BUSY', 'try again later');
    this.built.push({ businessKey, label: payload.label });
    return succeeded({ gadget: `${businessKey}/${payload.label}` }, [
      domainEvent(GadgetBuiltEvent, { businessKey, label: payload.label }),
    ]);
  }

  async scrap(
    _manager: EntityManager,
    payload: GadgetPayload,
    { businessKey }: CommandContext,
  ): Promise<Decision<{ scrapped: boolean }>> {
    const built = this.built.some((effect) => effect.businessKey === businessKey);
    if (built) this.scrapped.push({ businessKey, label: payload.label });
    return succeeded({ scrapped: built });
  }
}

export const gadgetCommands = commandTable(GadgetWorkshop, [
  handle(
    BuildGadgetCommand,
    (workshop, manager, payload, context) => workshop.build(manager, payload, context),
    {
      whenCompensatedFirst: async (workshop, _manager, payload, { businessKey }) => {
        workshop.refusedLate.push({ businessKey, label: payload.label });
      },
    },
  ),
  compensate(ScrapGadgetCommand, { undoes: BuildGadgetCommand }, (workshop, manager, payload, context) =>
    workshop.scrap(manager, payload, context),
  ),
]);

/** The workshop as an app: the shipping schema and consumer, the workshop's table as its only controller. */
@Module({})
export class GadgetWorkshopModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GadgetWorkshopModule,
      imports: [PlatformModule.forService(config, { database: { entities: PARTICIPANT_ENTITIES } })],
      controllers: [participantCommandsController('shipping', gadgetCommands)],
      providers: [GadgetWorkshop],
    };
  }
}
