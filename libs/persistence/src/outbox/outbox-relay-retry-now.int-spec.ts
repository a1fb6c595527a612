import { expectEventually } from '@test/support';
import { OutboxFixture } from '../../test/outbox-fixture';
import { OutboxRecord } from './outbox-record';

/** Longer than the suite's timeout: a row published below was published because of `retryNow`. */
const BACKOFF_AFTER_A_FAILURE_MS = 600_000;

describe('OutboxRelay.retryNow', () => {
  let fixture: OutboxFixture;

  beforeAll(async () => {
    fixture = await OutboxFixture.open('outbox_retry_now');
  });

  afterAll(() => fixture.dispose());

  it('cuts the backoff after a failed batch short, so the rows go out as soon as the broker is back', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    let brokerUp = false;
    let attempts = 0;
    const relay = fixture.relay(schema, {
      retryBackoff: { initialMs: BACKOFF_AFTER_A_FAILURE_MS, maxMs: BACKOFF_AFTER_A_FAILURE_MS },
      publish: async (batch: OutboxRecord[]) => {
        attempts += 1;
        if (!brokerUp) throw new Error('broker unreachable');
        await fixture.publishToJetStream(batch);
      },
    });
    await relay.start();
    await fixture.enqueue(schema, records(3));
    await expectEventually(() => expect(attempts).toBeGreaterThanOrEqual(1));
    expect(await fixture.pending(schema)).toBe(3); // kept while the broker is unreachable

    brokerUp = true;
    relay.retryNow();

    await expectEventually(async () => {
      expect(await fixture.streamMessageCount(stream)).toBe(3);
      expect(await fixture.pending(schema)).toBe(0);
    });
  });

  it('is harmless when nothing failed and after stop', async () => {
    const { schema, stream, records } = await fixture.newOutbox();
    const relay = fixture.relay(schema);
    await relay.start();
    relay.retryNow();
    await fixture.enqueue(schema, records(2));
    await expectEventually(async () => expect(await fixture.streamMessageCount(stream)).toBe(2));
    await relay.stop();
    expect(() => relay.retryNow()).not.toThrow();
  });
});
