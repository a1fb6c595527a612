import { randomUUID } from 'node:crypto';
import { AuthorizePaymentCommand } from '@app/contracts';
import { ParticipantHarness, startParticipantHarness } from '@app/participant/testing/participant-harness';
import { MessagingRetentionService } from '@app/platform';
import { PaymentModule } from './payment.module';

describe('payment service retention', () => {
  let harness: ParticipantHarness;

  beforeAll(async () => {
    harness = await startParticipantHarness('payment', (config) => PaymentModule.forRoot(config));
  });
  afterAll(() => harness?.close());

  const rows = async (table: string) =>
    Number(
      (
        (await harness.dataSource.query(`SELECT count(*) FROM "payments"."${table}"`)) as [{ count: string }]
      )[0].count,
    );

  it('prunes its inbox and its command ledger, and only rows older than the retention', async () => {
    const messageId = await harness.send(AuthorizePaymentCommand, {
      orderId: randomUUID(),
      customerId: 'cust-1',
      amountCents: 100,
      currency: 'USD',
      method: 'card',
      token: 'tok_visa',
    });
    await harness.replyTo(messageId);
    expect(await rows('inbox')).toBe(1);
    expect(await rows('processed_commands')).toBe(1);
    const { schedule } = harness.app.get(MessagingRetentionService);

    // Default retention (7 days): today's rows stay.
    await expect(schedule.runOnce()).resolves.toEqual({
      'payments.inbox': 0,
      'payments.processed_commands': 0,
    });

    await harness.dataSource.query(
      `UPDATE "payments"."inbox" SET "processed_at" = now() - interval '8 days'`,
    );
    await harness.dataSource.query(
      `UPDATE "payments"."processed_commands" SET "recorded_at" = now() - interval '8 days'`,
    );
    await expect(schedule.runOnce()).resolves.toEqual({
      'payments.inbox': 1,
      'payments.processed_commands': 1,
    });
    expect(await rows('inbox')).toBe(0);
    expect(await rows('processed_commands')).toBe(0);
  });
});
