import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { GetShipmentQuery, ScheduleShipmentCommand, ScheduleShipmentPayload } from '@app/contracts';
import { STREAMS } from '@app/messaging';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { ShippingModule } from './shipping.module';

const schedule = (): ScheduleShipmentPayload => ({
  orderId: randomUUID(),
  address: { name: 'Ada', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'NL' },
  items: [{ sku: 'SKU-001', quantity: 1 }],
});

describe('a participant started with ROLE', () => {
  describe('web', () => {
    let web: ParticipantHarness;
    beforeAll(async () => {
      web = await startParticipantHarness('shipping', (config) => ShippingModule.forRoot(config), {
        ROLE: 'web',
      });
    });
    afterAll(() => web?.close());

    it('serves health, metrics and queries', async () => {
      const url = await web.app.getUrl();
      await request(url).get('/health/live').expect(200);
      await request(url).get('/health/ready').expect(200);
      await request(url).get('/metrics').expect(200);
      await expect(web.query(GetShipmentQuery, { orderId: randomUUID() })).resolves.toBeNull();
    });

    it('creates no command consumer, so commands wait for a worker', async () => {
      const jsm = await web.connection.jetstreamManager();
      await web.send(ScheduleShipmentCommand, schedule());
      await expect(jsm.consumers.info(STREAMS.SAGA_COMMANDS.name, 'shipping')).rejects.toThrow(
        'consumer not found',
      );
      expect((await jsm.streams.info(STREAMS.SAGA_COMMANDS.name)).state.messages).toBe(1);
    });
  });

  describe('worker', () => {
    let worker: ParticipantHarness;
    beforeAll(async () => {
      worker = await startParticipantHarness('shipping', (config) => ShippingModule.forRoot(config), {
        ROLE: 'worker',
      });
    });
    afterAll(() => worker?.close());

    it('answers commands through its consumer and outbox, and keeps /health for the container check', async () => {
      const reply = await worker.replyTo(await worker.send(ScheduleShipmentCommand, schedule()));
      expect(reply.payload).toMatchObject({ outcome: 'SUCCESS' });
      await worker.settled();
      const url = await worker.app.getUrl();
      await request(url).get('/health/ready').expect(200);
      await request(url).get('/metrics').expect(200);
    });

    it('answers no queries: a web replica does', async () => {
      await expect(worker.query(GetShipmentQuery, { orderId: randomUUID() })).rejects.toThrow(
        'no service answers on',
      );
    });
  });
});
