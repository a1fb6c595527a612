import { randomUUID } from 'node:crypto';
import {
  ScheduleShipmentCommand,
  ScheduleShipmentPayload,
  ScheduleShipmentReplyResult,
  ShipmentScheduledEvent,
} from '@app/contracts';
import { decidedCommand } from '@app/participant/testing/decide-command';
import {
  ParticipantTestDatabase,
  openParticipantTestDatabase,
} from '@app/participant/testing/participant-test-database';
import { Shipment } from './shipment.entity';
import { shippingCommands } from './shipping-commands.controller';
import { SHIPPING_ENTITIES } from './shipping.entities';
import { ShippingService } from './shipping.service';

describe('ShippingService (PostgreSQL)', () => {
  let db: ParticipantTestDatabase;
  const shipping = new ShippingService();

  beforeAll(async () => {
    db = await openParticipantTestDatabase('shipping', SHIPPING_ENTITIES);
  });
  afterAll(() => db.close());

  const command = (country: string, orderId: string = randomUUID()): ScheduleShipmentPayload => ({
    orderId,
    address: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country },
    items: [{ sku: 'SKU-001', quantity: 2 }],
  });
  // Through the command table, as on receipt: a resend gets the first reply from its ledger.
  const schedule = (payload: ScheduleShipmentPayload) =>
    db.transaction((m) =>
      decidedCommand<ScheduleShipmentReplyResult>(
        shippingCommands,
        shipping,
        m,
        ScheduleShipmentCommand,
        payload,
      ),
    );
  const shipmentOf = (orderId: string) => db.transaction((m) => shipping.shipmentOf(m, orderId));

  it.each(['US', 'CA', 'GB', 'DE', 'JP', 'NZ'])(
    'schedules a shipment to %s with a tracking number',
    async (country) => {
      const payload = command(country);
      const decision = await schedule(payload);
      expect(decision.reply).toEqual({
        outcome: 'SUCCESS',
        result: {
          shipmentId: expect.any(String),
          trackingNumber: expect.stringMatching(/^TRK[0-9A-F]{12}$/),
        },
      });
      const { shipmentId, trackingNumber } = decision.reply.result!;
      expect(decision.events).toEqual([
        {
          contract: ShipmentScheduledEvent,
          payload: { orderId: payload.orderId, shipmentId, trackingNumber, country },
        },
      ]);
      expect(await shipmentOf(payload.orderId)).toEqual({
        shipmentId,
        status: 'SCHEDULED',
        trackingNumber,
        country,
      });
    },
  );

  it.each(['BR', 'CN', 'ZA'])(
    'refuses %s with SHIPPING_UNAVAILABLE and schedules nothing',
    async (country) => {
      const payload = command(country);
      const decision = await schedule(payload);
      expect(decision.reply).toEqual({
        outcome: 'BUSINESS_FAILURE',
        error: { code: 'SHIPPING_UNAVAILABLE', message: `shipping to ${country} is not available` },
      });
      expect(decision.events).toEqual([]);
      expect(await shipmentOf(payload.orderId)).toBeNull();
    },
  );

  it('schedules once when the command comes twice, with the same tracking number', async () => {
    const payload = command('FR');
    const first = await schedule(payload);
    const again = await schedule(payload);
    expect(again.reply).toEqual(first.reply);
    expect(again.events).toEqual([]);
    expect(await db.dataSource.getRepository(Shipment).countBy({ orderId: payload.orderId })).toBe(1);
  });

  it('schedules once when the same command races itself', async () => {
    const payload = command('SE');
    const decisions = await Promise.all(Array.from({ length: 5 }, () => schedule(payload)));
    for (const decision of decisions) expect(decision.reply).toEqual(decisions[0].reply);
    expect(await db.dataSource.getRepository(Shipment).countBy({ orderId: payload.orderId })).toBe(1);
  });

  it('answers a resend of a refused shipment with the same refusal', async () => {
    const payload = command('BR');
    const first = await schedule(payload);
    expect((await schedule({ ...payload, address: { ...payload.address, country: 'US' } })).reply).toEqual(
      first.reply,
    );
    expect(await shipmentOf(payload.orderId)).toBeNull();
  });

  it('reports no shipment for an unknown order', async () => {
    expect(await shipmentOf(randomUUID())).toBeNull();
  });
});
