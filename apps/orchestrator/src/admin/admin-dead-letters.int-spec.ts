import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { Headers } from '@app/contracts';
import type { DeadLetterEntry } from '@app/messaging';
import { pollUntil } from '@test/support';
import { AdminApp, type SagaBody, startAdminApp } from '../../test/admin-app';

const SETTINGS = {
  tuning: { stepTimeoutMs: 60_000, retryInitialBackoffMs: 5, retryMaxBackoffMs: 20 },
  replyConcurrency: 4,
  deadlinePollMs: 50,
};

interface PageBody {
  items: DeadLetterEntry[];
  nextCursor: string | null;
}

describe('orchestrator admin API: dead letters', () => {
  let admin: AdminApp;
  const auth = () => `Bearer ${admin.token}`;
  const get = (path: string) => admin.http().get(path).set('Authorization', auth());
  const post = (path: string, body?: object) => {
    const req = admin.http().post(path).set('Authorization', auth());
    return body === undefined ? req : req.send(body);
  };
  const del = (path: string) => admin.http().delete(path).set('Authorization', auth());
  const list = async (query = 'limit=500') =>
    (await get(`/admin/dead-letters?${query}`).expect(200)).body as PageBody;

  /** Publishes a reply as a participant would, with whatever body and saga id the test needs. */
  async function publishReply(
    subject: string,
    body: string,
    sagaId?: string,
  ): Promise<{ messageId: string; causationId: string }> {
    const messageId = randomUUID();
    const causationId = randomUUID();
    const headers = natsHeaders();
    if (sagaId) headers.set(Headers.sagaId, sagaId);
    headers.set(Headers.correlationId, `corr-${messageId}`);
    headers.set(Headers.causationId, causationId);
    headers.set(Headers.messageType, `${subject.replace(/^saga\.reply\./, '')}.reply`);
    headers.set(Headers.messageVersion, '1');
    await admin.connection.jetstream().publish(subject, body, { msgID: messageId, headers });
    return { messageId, causationId };
  }

  const waitForLetter = (accept: (letter: DeadLetterEntry) => boolean, what: string) =>
    pollUntil(async () => (await list()).items.find(accept), {}, `dead letter: ${what}`);

  const reserved = JSON.stringify({ outcome: 'SUCCESS', result: { reservationId: randomUUID() } });

  beforeAll(async () => {
    admin = await startAdminApp('orchestrator_admin_dlq', SETTINGS);
  });

  afterAll(async () => {
    await admin.stop();
  });

  it('lists dead letters oldest first, by saga, in pages; rejects bad queries', async () => {
    const early = randomUUID();
    const other = randomUUID();
    const first = await publishReply('saga.reply.inventory.reserve', reserved, early);
    const unknownSaga = await waitForLetter(
      (l) => l.headers[Headers.messageId] === first.messageId,
      'unknown saga',
    );
    await publishReply('saga.reply.payment.authorize', '{"outcome": ', other);
    const malformed = await waitForLetter((l) => l.sagaId === other, 'malformed JSON');
    await admin.connection.jetstream().publish('saga.dlq.by-hand', 'not a dead letter');
    const junk = await waitForLetter((l) => l.originalSubject === 'by-hand', 'junk');

    expect(unknownSaga).toEqual({
      id: expect.any(Number),
      sagaId: early,
      originalSubject: 'saga.reply.inventory.reserve',
      headers: expect.objectContaining({
        [Headers.messageId]: first.messageId,
        [Headers.causationId]: first.causationId,
        [Headers.sagaId]: early,
      }),
      payload: reserved,
      reason: `reply ${first.messageId} is for unknown saga ${early}`,
      deliveryCount: 1,
      consumer: 'orchestrator',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      replayable: true,
    });
    expect(malformed).toMatchObject({
      payload: '{"outcome": ',
      reason: expect.stringContaining('not valid JSON'),
    });
    expect(junk).toMatchObject({
      payload: 'not a dead letter',
      reason: expect.stringMatching(/^unreadable dead-letter record: body is not JSON/),
      deliveryCount: 0,
      consumer: null,
      replayable: false,
    });

    const all = await list();
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((l) => l.id)).toEqual([unknownSaga.id, malformed.id, junk.id]);

    const pages: DeadLetterEntry[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: PageBody = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.items);
      cursor = page.nextCursor;
    }
    expect(pages.map((page) => page.map((l) => l.id))).toEqual([[unknownSaga.id], [malformed.id], [junk.id]]);
    expect((await list(`cursor=${junk.id}`)).items).toEqual([]);

    expect((await list(`sagaId=${early}`)).items.map((l) => l.id)).toEqual([unknownSaga.id]);
    expect((await list(`sagaId=${randomUUID()}`)).items).toEqual([]);

    const ids = async (query: string) => (await list(query)).items.map((l) => l.id);
    expect(await ids('subject=saga.reply.payment.authorize')).toEqual([malformed.id]);
    expect(await ids('subject=saga.reply')).toEqual([]);
    expect(await ids('consumer=orchestrator')).toEqual([unknownSaga.id, malformed.id]);
    expect(await ids('consumer=orchestrator&subject=saga.reply.inventory.reserve')).toEqual([unknownSaga.id]);
    expect(await ids(`consumer=orchestrator&sagaId=${other}`)).toEqual([malformed.id]);
    expect(await ids('consumer=payment')).toEqual([]);
    expect(await ids('consumer=orchestrator&limit=1')).toEqual([unknownSaga.id]);

    for (const [query, message] of [
      ['sagaId=nope', 'sagaId must be a UUID'],
      ['limit=0', 'limit must not be less than 1'],
      ['limit=501', 'limit must not be greater than 500'],
      ['cursor=-1', 'cursor must be the nextCursor of a previous page'],
      ['cursor=abc', 'cursor must be the nextCursor of a previous page'],
      ['cursor=1e3', 'cursor must be the nextCursor of a previous page'],
      ['subject=', 'subject must be longer than or equal to 1 characters'],
      [`subject=${'s'.repeat(201)}`, 'subject must be shorter than or equal to 200 characters'],
      ['subject=a&subject=b', 'subject must be a string'],
      ['consumer=', 'consumer must be longer than or equal to 1 characters'],
      ['consumer=a&consumer=b', 'consumer must be a string'],
      ['stream=x', 'property stream should not exist'],
    ]) {
      const response = await get(`/admin/dead-letters?${query}`).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: expect.arrayContaining([message]) });
    }

    // Leave the store empty for the tests below.
    for (const letter of all.items) await del(`/admin/dead-letters/${letter.id}`).expect(204);
    expect((await list()).items).toEqual([]);
  });

  it('replays a reply that came before its saga: the saga sees it, notes the replay, and the letter is gone', async () => {
    const sagaId = randomUUID();
    const early = await publishReply('saga.reply.inventory.reserve', reserved, sagaId);
    const letter = await waitForLetter((l) => l.sagaId === sagaId, 'early reply');
    await admin.startSaga(undefined, { sagaId });
    await admin.waitForSaga(sagaId, (s) => s.status === 'COMPLETED', 'completed');

    const replay = await post(`/admin/dead-letters/${letter.id}/replay`, {
      reason: 'saga exists now',
    }).expect(200);
    expect(replay.body).toEqual({
      id: letter.id,
      sagaId,
      subject: 'saga.reply.inventory.reserve',
      messageId: `${early.messageId}:replay:${letter.id}`,
    });
    expect((await list()).items.map((l) => l.id)).not.toContain(letter.id);

    const saga = await admin.waitForSaga(
      sagaId,
      (s) => s.timeline.some((e) => e.kind === 'late-reply'),
      'the replayed reply on the timeline',
    );
    expect(saga.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'dead-letter-replayed',
        step: null,
        detail: {
          deadLetterId: letter.id,
          subject: 'saga.reply.inventory.reserve',
          messageId: replay.body.messageId,
          reason: 'saga exists now',
          failure: letter.reason,
        },
      }),
    );
    expect(saga.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'late-reply',
        detail: expect.objectContaining({ commandId: early.causationId }),
      }),
    );
    expect(saga.status).toBe('COMPLETED');

    // Replayed once: a second replay, or a delete, finds nothing.
    expect((await post(`/admin/dead-letters/${letter.id}/replay`).expect(404)).body).toEqual({
      statusCode: 404,
      message: `Dead letter ${letter.id} not found`,
    });
    await del(`/admin/dead-letters/${letter.id}`).expect(404);
  });

  it('replays a message that fails again into a new dead letter, under a new message id', async () => {
    const sagaId = randomUUID();
    const bad = JSON.stringify({ outcome: 'MAYBE' });
    const original = await publishReply('saga.reply.payment.void', bad, sagaId);
    const letter = await waitForLetter((l) => l.sagaId === sagaId, 'invalid reply');
    expect(letter.reason).toMatch(/outcome/);

    await post(`/admin/dead-letters/${letter.id}/replay`).expect(200);
    const again = await waitForLetter(
      (l) => l.sagaId === sagaId && l.id !== letter.id,
      'the replay, dead again',
    );
    expect(again.id).toBeGreaterThan(letter.id);
    expect(again).toMatchObject({
      originalSubject: 'saga.reply.payment.void',
      payload: bad,
      reason: letter.reason,
    });
    expect(again.headers[Headers.messageId]).toBe(`${original.messageId}:replay:${letter.id}`);
    expect(again.headers[Headers.causationId]).toBe(original.causationId);
    expect((await list(`sagaId=${sagaId}`)).items.map((l) => l.id)).toEqual([again.id]);
    await del(`/admin/dead-letters/${again.id}`).expect(204);
  });

  it('deletes a dead letter, noting it on its saga, and refuses to replay one that is not a dead letter', async () => {
    const { sagaId } = await admin.startSaga();
    await admin.waitForSaga(sagaId, (s) => s.status === 'COMPLETED', 'completed');
    await publishReply('saga.reply.order.approve', '{"outcome":"SUCCESS","surprise":1}', sagaId);
    const letter = await waitForLetter((l) => l.sagaId === sagaId, 'invalid reply of a real saga');

    await del(`/admin/dead-letters/${letter.id}`).expect(204);
    await del(`/admin/dead-letters/${letter.id}`).expect(404);
    await post(`/admin/dead-letters/${letter.id}/replay`).expect(404);
    const saga = (await get(`/admin/sagas/${sagaId}`).expect(200)).body as SagaBody;
    expect(saga.timeline.at(-1)).toMatchObject({
      kind: 'dead-letter-deleted',
      detail: { deadLetterId: letter.id, subject: 'saga.reply.order.approve', failure: letter.reason },
    });

    await admin.connection.jetstream().publish('saga.dlq.saga.reply.order.approve', '{"half": true}');
    const junk = await waitForLetter((l) => !l.replayable, 'a record that is not a dead letter');
    const refused = await post(`/admin/dead-letters/${junk.id}/replay`).expect(409);
    expect(refused.body.message).toMatch(/cannot be replayed: unreadable dead-letter record/);
    await del(`/admin/dead-letters/${junk.id}`).expect(204);
  });

  it('replays only to the subject a letter was parked from, and only saga starts, commands and replies', async () => {
    const letterTo = (originalSubject: string) =>
      JSON.stringify({
        originalSubject,
        headers: { [Headers.messageId]: randomUUID() },
        payload: '{}',
        reason: 'parked by hand',
        deliveryCount: 1,
        consumer: 'someone',
        failedAt: new Date().toISOString(),
      });
    const js = admin.connection.jetstream();
    await js.publish('saga.dlq.events.order.order.created.v1', letterTo('events.order.order.created.v1'));
    await js.publish('saga.dlq.query.inventory.stock.get', letterTo('query.inventory.stock.get'));
    await js.publish('saga.dlq.saga.cmd.payment.capture', letterTo('saga.reply.payment.capture'));

    const event = await waitForLetter((l) => l.originalSubject === 'events.order.order.created.v1', 'event');
    const query = await waitForLetter((l) => l.originalSubject === 'query.inventory.stock.get', 'query');
    const forged = await waitForLetter((l) => l.originalSubject === 'saga.cmd.payment.capture', 'forged');
    expect([event.replayable, query.replayable, forged.replayable]).toEqual([false, false, false]);
    expect(event.reason).toBe('parked by hand');

    for (const letter of [event, query]) {
      const refused = await post(`/admin/dead-letters/${letter.id}/replay`).expect(409);
      expect(refused.body.message).toBe(
        `Dead letter ${letter.id} cannot be replayed: '${letter.originalSubject}' is outside saga.start.>, saga.cmd.>, saga.reply.>: only saga starts, commands and replies are replayed`,
      );
    }
    const refused = await post(`/admin/dead-letters/${forged.id}/replay`).expect(409);
    expect(refused.body.message).toBe(
      `Dead letter ${forged.id} cannot be replayed: unreadable dead-letter record: it names 'saga.reply.payment.capture' as its subject but was parked on 'saga.dlq.saga.cmd.payment.capture'`,
    );
    // Refused, not removed: an operator still sees and deletes them.
    for (const letter of [event, query, forged]) await del(`/admin/dead-letters/${letter.id}`).expect(204);
  });

  it('refuses a replay body nested 8,000 levels deep with 400 and an oversized one with 413', async () => {
    const deep = await post('/admin/dead-letters/1/replay')
      .set('Content-Type', 'application/json')
      .send(`{"reason":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`)
      .expect(400);
    expect(deep.body).toEqual({
      statusCode: 400,
      message: 'Request body nests arrays and objects deeper than 32 levels',
    });
    await post('/admin/dead-letters/1/replay', { reason: 'x'.repeat(200 * 1024) }).expect(413);
    await get('/admin/dead-letters?limit=1').expect(200);
  });

  it('refuses ids that are not stream sequences, bad replay bodies, and answers 404 for unknown ids', async () => {
    for (const id of ['0', 'abc', '1.5', '-3', '01', '9999999999999999']) {
      const response = await post(`/admin/dead-letters/${id}/replay`).expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: ['id must be a positive integer'] });
      await del(`/admin/dead-letters/${id}`).expect(400);
    }
    await post('/admin/dead-letters/1/replay', { reason: 'r'.repeat(501) }).expect(400);
    await post('/admin/dead-letters/1/replay', { why: 'x' }).expect(400);
    await post('/admin/dead-letters/1/replay')
      .set('Content-Type', 'application/json')
      .send('{"reason"')
      .expect(400);
    await post('/admin/dead-letters/999999/replay').expect(404);
    await del('/admin/dead-letters/999999').expect(404);
  });
});
