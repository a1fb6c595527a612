import { randomUUID } from 'node:crypto';
import { FailureCodes, Headers } from '@app/contracts';
import { pollUntil } from '@test/support';
import {
  BuildGadgetCommand,
  GadgetBuiltEvent,
  GadgetPayload,
  GadgetWorkshop,
  GadgetWorkshopModule,
  ScrapGadgetCommand,
} from '../test/gadget-workshop';
import { ProcessedCommand } from './processed-command.entity';
import { ParticipantHarness, startParticipantHarness } from './testing/participant-harness';

describe('a participant built from its command table, over NATS', () => {
  let harness: ParticipantHarness;
  let workshop: GadgetWorkshop;

  beforeAll(async () => {
    harness = await startParticipantHarness('shipping', (config) => GadgetWorkshopModule.forRoot(config));
    workshop = harness.app.get(GadgetWorkshop);
  });
  afterAll(() => harness?.close());

  const payload = (overrides: Partial<GadgetPayload> = {}): GadgetPayload => ({
    orderId: randomUUID(),
    label: 'sprocket',
    ...overrides,
  });
  const builtFor = (businessKey: string) =>
    workshop.built.filter((effect) => effect.businessKey === businessKey);
  const ledgerOf = (businessKey: string) =>
    harness.dataSource.getRepository(ProcessedCommand).findBy({ businessKey });

  it('answers on the reply subject derived from the command, and announces the effect once', async () => {
    const body = payload();
    const commandId = await harness.send(BuildGadgetCommand, body);

    const reply = await harness.replyTo(commandId);

    expect(reply.subject).toBe('saga.reply.shipping.test-build-gadget');
    expect(reply.headers[Headers.messageType]).toBe('shipping.test-build-gadget.reply');
    expect(reply.headers[Headers.messageVersion]).toBe('1');
    expect(reply.payload).toEqual({ outcome: 'SUCCESS', result: { gadget: `${body.orderId}/sprocket` } });
    const event = await pollUntil(() => harness.events.causedBy(commandId)[0]);
    expect(event.subject).toBe(GadgetBuiltEvent.subject);
  });

  it('keys effects on the business-key header: two returns of one order are two effects, a resend of one is replayed', async () => {
    const orderId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];

    const firstReply = await harness.replyTo(
      await harness.send(BuildGadgetCommand, payload({ orderId, returnId: first }), undefined, first),
    );
    const secondReply = await harness.replyTo(
      await harness.send(BuildGadgetCommand, payload({ orderId, returnId: second }), undefined, second),
    );
    const resendId = await harness.send(
      BuildGadgetCommand,
      payload({ orderId, returnId: first }),
      undefined,
      first,
    );
    const resendReply = await harness.replyTo(resendId);

    expect(firstReply.payload).toEqual({ outcome: 'SUCCESS', result: { gadget: `${first}/sprocket` } });
    expect(secondReply.payload).toEqual({ outcome: 'SUCCESS', result: { gadget: `${second}/sprocket` } });
    expect(resendReply.payload).toEqual(firstReply.payload);
    expect(builtFor(first)).toHaveLength(1);
    expect(builtFor(second)).toHaveLength(1);
    expect(builtFor(orderId)).toEqual([]);
    await harness.settled();
    expect(harness.events.causedBy(resendId)).toEqual([]);
  });

  it("keys a command without the header on its payload's order id, as the same order's fulfillment", async () => {
    const body = payload();

    const bare = await harness.replyTo(await harness.send(BuildGadgetCommand, body));
    const keyed = await harness.replyTo(
      await harness.send(BuildGadgetCommand, body, undefined, body.orderId),
    );

    expect(keyed.payload).toEqual(bare.payload);
    expect(builtFor(body.orderId)).toHaveLength(1);
    expect((await ledgerOf(body.orderId)).map((entry) => entry.action)).toEqual([BuildGadgetCommand.type]);
  });

  it('answers a compensation that overtakes its command, then refuses the late command', async () => {
    const returnId = randomUUID();
    const body = payload({ returnId });

    const undo = await harness.replyTo(await harness.send(ScrapGadgetCommand, body, undefined, returnId));
    const late = await harness.replyTo(await harness.send(BuildGadgetCommand, body, undefined, returnId));

    expect(undo.subject).toBe('saga.reply.shipping.test-scrap-gadget');
    expect(undo.payload).toEqual({ outcome: 'SUCCESS', result: { scrapped: false } });
    expect(late.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: FailureCodes.ALREADY_COMPENSATED },
    });
    expect(builtFor(returnId)).toEqual([]);
    expect(workshop.refusedLate).toContainEqual({ businessKey: returnId, label: 'sprocket' });
  });

  it('does a command published twice under one message id once, with one reply', async () => {
    const body = payload();
    const messageId = randomUUID();

    await harness.send(BuildGadgetCommand, body, messageId);
    await harness.send(BuildGadgetCommand, body, messageId);
    await harness.settled();

    expect(harness.replies.causedBy(messageId)).toHaveLength(1);
    expect(builtFor(body.orderId)).toHaveLength(1);
  });

  it('never answers a NO_REPLY decision and remembers nothing of it', async () => {
    const body = payload({ mode: 'silent' });
    const commandId = await harness.send(BuildGadgetCommand, body);

    await harness.settled();

    expect(harness.replies.causedBy(commandId)).toEqual([]);
    expect(harness.deadLetters.causedBy(commandId)).toEqual([]);
    expect(await ledgerOf(body.orderId)).toEqual([]);
  });

  it('dead-letters malformed, oversized and deeply nested commands without effect or reply', async () => {
    const { subject, type } = BuildGadgetCommand;
    const before = workshop.built.length;
    const nested = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const sent = [
      await harness.sendRaw(subject, type, 'not json'),
      await harness.sendRaw(subject, type, '[]'),
      await harness.sendRaw(subject, type, JSON.stringify({ ...payload(), orderId: 'not-a-uuid' })),
      await harness.sendRaw(subject, type, JSON.stringify({ ...payload(), label: 'x'.repeat(41) })),
      await harness.sendRaw(subject, type, JSON.stringify({ ...payload(), label: 'x'.repeat(70_000) })),
      await harness.sendRaw(subject, type, nested),
    ];
    await harness.settled();

    for (const messageId of sent) {
      expect(harness.replies.causedBy(messageId)).toEqual([]);
      await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
    }
    expect(workshop.built.length).toBe(before);
  });
});
