import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuthorizePaymentCommand, type AuthorizePaymentPayload } from '@app/contracts';
import { sampleSum } from '@app/observability/testing/prometheus-text';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { expectEventually } from '@test/support';
import { PaymentModule } from './payment.module';

describe('payment service metrics at GET /metrics', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('payment', (config) => PaymentModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const scrape = async () => {
    const response = await request(harness.app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    return response.text;
  };
  const authorize = (token: string): AuthorizePaymentPayload => ({
    orderId: randomUUID(),
    customerId: 'cust-42',
    amountCents: 4200,
    currency: 'GBP',
    method: 'card',
    token,
  });
  const handled = async (outcome: string) =>
    sampleSum(await scrape(), 'participant_handler_duration_seconds_count', {
      app: 'payment',
      command: 'payment.authorize',
      outcome,
    }) ?? 0;

  it('times each command by type and outcome: succeeded, refused, transient, no-reply', async () => {
    const before = Object.fromEntries(
      await Promise.all(
        ['succeeded', 'refused', 'transient', 'no-reply'].map(async (o) => [o, await handled(o)] as const),
      ),
    );

    await harness.replyTo(await harness.send(AuthorizePaymentCommand, authorize('tok_visa')));
    await harness.replyTo(await harness.send(AuthorizePaymentCommand, authorize('tok_chargeDeclined')));
    await harness.replyTo(await harness.send(AuthorizePaymentCommand, authorize('tok_processingError')));
    await harness.send(AuthorizePaymentCommand, authorize('tok_timeout'));
    await harness.settled();

    await expectEventually(async () => {
      expect(await handled('succeeded')).toBe(before.succeeded + 1);
      expect(await handled('refused')).toBe(before.refused + 1);
      expect(await handled('transient')).toBe(before.transient + 1);
      expect(await handled('no-reply')).toBe(before['no-reply'] + 1);
    });
  });

  it('counts a malformed command as a dead letter of the payment consumer, never reaching a handler', async () => {
    const deadLetters = async () =>
      sampleSum(await scrape(), 'messaging_dead_letters_total', { consumer: 'payment', reason: 'invalid' }) ??
      0;
    const before = await deadLetters();
    const handledBefore = await handled('error');

    await harness.sendRaw(AuthorizePaymentCommand.subject, AuthorizePaymentCommand.type, '{"orderId":');
    await harness.settled();

    await expectEventually(async () => expect(await deadLetters()).toBe(before + 1));
    expect(await handled('error')).toBe(handledBefore);
  });

  it('reports its outbox backlog, its consumer backlog and default process metrics on each scrape', async () => {
    await harness.settled();
    await expectEventually(async () => {
      const text = await scrape();
      expect(sampleSum(text, 'outbox_pending_rows', { app: 'payment', schema: 'payments' })).toBe(0);
      const consumer = { app: 'payment', stream: 'SAGA_COMMANDS', consumer: 'payment' };
      expect(sampleSum(text, 'messaging_consumer_pending', consumer)).toBe(0);
      expect(sampleSum(text, 'messaging_consumer_ack_pending', consumer)).toBe(0);
      expect(sampleSum(text, 'process_cpu_seconds_total', { app: 'payment' })).toBeGreaterThan(0);
    });
  });
});
