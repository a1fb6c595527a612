import { randomUUID } from 'node:crypto';
import {
  GetShipmentQuery,
  Headers,
  ScheduleShipmentCommand,
  ScheduleShipmentPayload,
  ShipmentScheduledEvent,
} from '@app/contracts';
import { pollUntil } from '@test/support';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { Shipment } from './shipment.entity';
import { ShippingModule } from './shipping.module';

describe('shipping service over NATS', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('shipping', (config) => ShippingModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const command = (country: string): ScheduleShipmentPayload => ({
    orderId: randomUUID(),
    address: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country },
    items: [{ sku: 'SKU-001', quantity: 1 }],
  });

  it('answers a schedule on saga.reply.shipping.schedule, announces it and serves it to queries', async () => {
    const payload = command('NL');
    const commandId = await harness.send(ScheduleShipmentCommand, payload);
    const reply = await harness.replyTo(commandId);
    expect(reply.subject).toBe('saga.reply.shipping.schedule');
    expect(reply.headers[Headers.causationId]).toBe(commandId);
    expect(reply.payload).toEqual({
      outcome: 'SUCCESS',
      result: { shipmentId: expect.any(String), trackingNumber: expect.any(String) },
    });
    expect((await pollUntil(() => harness.events.causedBy(commandId)[0])).subject).toBe(
      ShipmentScheduledEvent.subject,
    );
    expect(await harness.query(GetShipmentQuery, { orderId: payload.orderId })).toEqual({
      ...(reply.payload as { result: object }).result,
      status: 'SCHEDULED',
      country: 'NL',
    });
  });

  it('refuses an unserved country with SHIPPING_UNAVAILABLE', async () => {
    const payload = command('BR');
    const reply = await harness.replyTo(await harness.send(ScheduleShipmentCommand, payload));
    expect(reply.payload).toMatchObject({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'SHIPPING_UNAVAILABLE' },
    });
    expect(await harness.query(GetShipmentQuery, { orderId: payload.orderId })).toBeNull();
  });

  it('schedules once for a resend under a new message id, with the same reply', async () => {
    const payload = command('PT');
    const first = await harness.replyTo(await harness.send(ScheduleShipmentCommand, payload));
    const again = await harness.replyTo(await harness.send(ScheduleShipmentCommand, payload));
    expect(again.payload).toEqual(first.payload);
    expect(await harness.dataSource.getRepository(Shipment).countBy({ orderId: payload.orderId })).toBe(1);
  });

  it('dead-letters malformed and oversized commands without effect', async () => {
    const subject = ScheduleShipmentCommand.subject;
    const lowerCaseCountry = command('us');
    const sent = [
      await harness.sendRaw(subject, ScheduleShipmentCommand.type, '[]'),
      await harness.sendRaw(subject, ScheduleShipmentCommand.type, JSON.stringify(lowerCaseCountry)),
      await harness.sendRaw(
        subject,
        ScheduleShipmentCommand.type,
        JSON.stringify({ ...command('US'), orderId: 'nope' }),
      ),
      await harness.sendRaw(subject, ScheduleShipmentCommand.type, 'x'.repeat(70_000)),
    ];
    await harness.settled();
    for (const messageId of sent) {
      expect(harness.replies.causedBy(messageId)).toEqual([]);
      await pollUntil(() => harness.deadLetters.causedBy(messageId)[0]);
    }
    expect(await harness.query(GetShipmentQuery, { orderId: lowerCaseCountry.orderId })).toBeNull();
  });
});
