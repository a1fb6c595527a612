import { randomUUID } from 'node:crypto';
import { FailureCodes } from '@app/contracts';
import { PermanentError } from '@app/messaging';
import {
  BuildGadgetCommand,
  GadgetBuiltEvent,
  GadgetPayload,
  GadgetWorkshop,
  ScrapGadgetCommand,
  gadgetCommands,
} from '../test/gadget-workshop';
import { commandTable, compensate, handle } from './command-table';
import { NO_REPLY, succeeded } from './decision';
import { PARTICIPANT_ENTITIES } from './participant-entities';
import { ProcessedCommand } from './processed-command.entity';
import { DecideOptions, decideCommand } from './testing/decide-command';
import { ParticipantTestDatabase, openParticipantTestDatabase } from './testing/participant-test-database';

describe('a command table (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  let workshop: GadgetWorkshop;

  beforeAll(async () => {
    db = await openParticipantTestDatabase('shipping', PARTICIPANT_ENTITIES);
  });
  afterAll(() => db.close());
  beforeEach(() => {
    workshop = new GadgetWorkshop();
  });

  const payload = (overrides: Partial<GadgetPayload> = {}): GadgetPayload => ({
    orderId: randomUUID(),
    label: 'sprocket',
    ...overrides,
  });
  const build = (body: GadgetPayload, options?: DecideOptions) =>
    db.transaction((m) => decideCommand(gadgetCommands, workshop, m, BuildGadgetCommand, body, options));
  const scrap = (body: GadgetPayload, options?: DecideOptions) =>
    db.transaction((m) => decideCommand(gadgetCommands, workshop, m, ScrapGadgetCommand, body, options));
  const entriesOf = (businessKey: string) =>
    db.dataSource.getRepository(ProcessedCommand).find({
      where: { businessKey },
      order: { action: 'ASC' },
      select: { action: true, state: true, reply: true },
    });

  it('decides a command once and replays its reply, without events, to a resend', async () => {
    const body = payload();

    const first = await build(body);
    const resend = await build(body);

    expect(first).toEqual({
      reply: { outcome: 'SUCCESS', result: { gadget: `${body.orderId}/sprocket` } },
      events: [{ contract: GadgetBuiltEvent, payload: { businessKey: body.orderId, label: 'sprocket' } }],
      remember: true,
    });
    expect(resend).toEqual({ reply: first !== NO_REPLY && first.reply, events: [], remember: false });
    expect(workshop.built).toHaveLength(1);
    expect(await entriesOf(body.orderId)).toEqual([
      { action: BuildGadgetCommand.type, state: 'DONE', reply: first !== NO_REPLY && first.reply },
    ]);
  });

  it('keys the effect on the business key: two keys with the same action and order are two effects', async () => {
    const orderId = randomUUID();
    const [firstReturn, secondReturn] = [randomUUID(), randomUUID()];

    await build(payload({ orderId, returnId: firstReturn }), { businessKey: firstReturn });
    await build(payload({ orderId, returnId: secondReturn }), { businessKey: secondReturn });
    const resendOfFirst = await build(payload({ orderId, returnId: firstReturn }), {
      businessKey: firstReturn,
    });

    expect(workshop.built).toEqual([
      { businessKey: firstReturn, label: 'sprocket' },
      { businessKey: secondReturn, label: 'sprocket' },
    ]);
    expect(resendOfFirst !== NO_REPLY && resendOfFirst.reply.result).toEqual({
      gadget: `${firstReturn}/sprocket`,
    });
    expect(await entriesOf(orderId)).toEqual([]);
    expect(await entriesOf(firstReturn)).toHaveLength(1);
    expect(await entriesOf(secondReturn)).toHaveLength(1);
  });

  it("falls back to the payload's order id without a business-key header, the key of the same order's fulfillment", async () => {
    const orderId = randomUUID();

    await build(payload({ orderId }));
    const withHeader = await build(payload({ orderId }), { businessKey: orderId });

    expect(workshop.built).toHaveLength(1);
    expect(withHeader !== NO_REPLY && withHeader.remember).toBe(false);
    expect((await entriesOf(orderId)).map((entry) => entry.action)).toEqual([BuildGadgetCommand.type]);
  });

  it('leaves a tombstone for a compensation that overtakes its command, and refuses the late command', async () => {
    const returnId = randomUUID();
    const body = payload({ returnId });

    const undo = await scrap(body, { businessKey: returnId });
    const late = await build(body, { businessKey: returnId });

    expect(undo !== NO_REPLY && undo.reply).toEqual({ outcome: 'SUCCESS', result: { scrapped: false } });
    expect(late !== NO_REPLY && late.reply).toEqual({
      outcome: 'BUSINESS_FAILURE',
      error: { code: FailureCodes.ALREADY_COMPENSATED, message: expect.stringContaining(returnId) },
    });
    expect(workshop.built).toEqual([]);
    expect(workshop.refusedLate).toEqual([{ businessKey: returnId, label: 'sprocket' }]);
    expect(await entriesOf(returnId)).toEqual([
      { action: BuildGadgetCommand.type, state: 'TOMBSTONE', reply: null },
      {
        action: ScrapGadgetCommand.type,
        state: 'DONE',
        reply: { outcome: 'SUCCESS', result: { scrapped: false } },
      },
    ]);
  });

  it('compensates after the command once, replaying the compensation to a resend', async () => {
    const body = payload();
    await build(body);

    const first = await scrap(body);
    const again = await scrap(body);

    expect(first !== NO_REPLY && first.reply.result).toEqual({ scrapped: true });
    expect(again !== NO_REPLY && again.reply).toEqual(first !== NO_REPLY && first.reply);
    expect(workshop.scrapped).toHaveLength(1);
    expect(workshop.refusedLate).toEqual([]);
  });

  it('remembers nothing for NO_REPLY, nor for a refusal, so a resend is judged afresh', async () => {
    const silent = payload({ mode: 'silent' });
    const busy = payload({ mode: 'busy' });

    expect(await build(silent)).toBe(NO_REPLY);
    const refusal = await build(busy);
    const retried = await build({ ...busy, mode: undefined });

    expect(refusal !== NO_REPLY && refusal.reply.error?.code).toBe('WORKSHOP_BUSY');
    expect(retried !== NO_REPLY && retried.reply.outcome).toBe('SUCCESS');
    expect(await entriesOf(silent.orderId)).toEqual([]);
    expect((await entriesOf(busy.orderId)).map((entry) => entry.state)).toEqual(['DONE']);
  });
  describe('with a declared business key (a gadget keyed by its label)', () => {
    const byLabel = { businessKey: { name: 'label', of: (body: GadgetPayload) => body.label } };
    const keyedCommands = commandTable(GadgetWorkshop, [
      handle(BuildGadgetCommand, (shop, manager, body, context) => shop.build(manager, body, context), {
        ...byLabel,
        whenCompensatedFirst: async (shop, _manager, body, { businessKey }) => {
          shop.refusedLate.push({ businessKey, label: body.label });
        },
      }),
      compensate(
        ScrapGadgetCommand,
        { undoes: BuildGadgetCommand },
        (shop, manager, body, context) => shop.scrap(manager, body, context),
        byLabel,
      ),
    ]);
    const keyedBuild = (body: GadgetPayload, options?: DecideOptions) =>
      db.transaction((m) => decideCommand(keyedCommands, workshop, m, BuildGadgetCommand, body, options));
    const keyedScrap = (body: GadgetPayload, options?: DecideOptions) =>
      db.transaction((m) => decideCommand(keyedCommands, workshop, m, ScrapGadgetCommand, body, options));
    const keyedBy = (label: string, businessKey: string, type: string) =>
      new PermanentError(
        `${type} of label ${label} came keyed by ${businessKey}: it must carry its label as business key`,
      );

    it('decides and remembers a command keyed by it, and replays it to a resend', async () => {
      const body = payload({ label: randomUUID() });

      const first = await keyedBuild(body, { businessKey: body.label });
      const resend = await keyedBuild(body, { businessKey: body.label });

      expect(first !== NO_REPLY && first.reply).toEqual(
        succeeded({ gadget: `${body.label}/${body.label}` }).reply,
      );
      expect(resend !== NO_REPLY && resend.remember).toBe(false);
      expect(workshop.built).toHaveLength(1);
      expect((await entriesOf(body.label)).map((entry) => entry.state)).toEqual(['DONE']);
    });

    it('refuses permanently (a dead letter) a command keyed otherwise, e.g. by its order id without a header, deciding and remembering nothing', async () => {
      const body = payload({ label: randomUUID() });
      const returnId = randomUUID();

      await expect(keyedBuild(body)).rejects.toThrow(
        keyedBy(body.label, body.orderId, BuildGadgetCommand.type),
      );
      await expect(keyedBuild(body, { businessKey: returnId })).rejects.toBeInstanceOf(PermanentError);

      expect(workshop.built).toEqual([]);
      expect(await entriesOf(body.orderId)).toEqual([]);
      expect(await entriesOf(returnId)).toEqual([]);
      expect(await entriesOf(body.label)).toEqual([]);
    });

    it('refuses permanently a compensation keyed otherwise, leaving no tombstone: the command keyed by it is still decided', async () => {
      const body = payload({ label: randomUUID() });

      await expect(keyedScrap(body)).rejects.toThrow(
        keyedBy(body.label, body.orderId, ScrapGadgetCommand.type),
      );
      const late = await keyedBuild(body, { businessKey: body.label });

      expect(await entriesOf(body.orderId)).toEqual([]);
      expect(late !== NO_REPLY && late.reply.outcome).toBe('SUCCESS');
      expect(workshop.refusedLate).toEqual([]);
    });

    it('refuses a late command keyed otherwise even where a tombstone waits under that key', async () => {
      const body = payload({ label: randomUUID() });
      // A tombstone under the order id, left by a table that keys by it (no declared key).
      await scrap(body);

      await expect(keyedBuild(body)).rejects.toBeInstanceOf(PermanentError);

      expect(workshop.refusedLate).toEqual([]);
      expect((await entriesOf(body.orderId)).map((entry) => entry.state)).toEqual(['TOMBSTONE', 'DONE']);
    });
  });
});
