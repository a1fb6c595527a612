import { NatsConnection } from 'nats';
import { currentContext, runWithContext } from '@app/observability';
import { MessagingFixture, recordingLogger, startMessagingFixture } from '../test/messaging-fixture';
import { GetWidgetQuery, WidgetQueryPayload, WidgetResult } from '../test/widget-contract';
import { QueryError } from './query-reply';
import { QueryResponder } from './query-responder';
import { requestQuery } from './request-query';

type Widget = WidgetResult;

describe('queries over NATS request-reply', () => {
  let fixture: MessagingFixture;
  let nc: NatsConnection;
  let responders: Array<QueryResponder<WidgetQueryPayload, Widget>>;
  const logger = recordingLogger();
  const seen: Array<{ payload: WidgetQueryPayload; correlationId?: string }> = [];

  const startResponder = () => {
    const responder = new QueryResponder<WidgetQueryPayload, Widget>(nc, {
      contract: GetWidgetQuery,
      queue: 'widgets',
      logger,
      maxBodyBytes: 1_000,
      handle: async (payload) => {
        seen.push({ payload, correlationId: currentContext().correlationId });
        if (payload.widgetId === 'explodes') throw new Error('widget store offline');
        if (payload.widgetId === 'colourless') return { widgetId: payload.widgetId } as Widget;
        if (payload.widgetId === 'huge') return { widgetId: payload.widgetId, colour: 'x'.repeat(2_000_000) };
        return payload.widgetId === 'missing' ? null : { widgetId: payload.widgetId, colour: 'blue' };
      },
    });
    responders.push(responder);
    return responder;
  };

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    nc = fixture.nc;
  });
  beforeEach(() => {
    responders = [];
    seen.length = 0;
  });
  afterEach(() => Promise.all(responders.map((responder) => responder.stop())));
  afterAll(() => fixture.dispose());

  it('answers a valid query with its result, validated payload and caller context', async () => {
    startResponder();
    const result = await runWithContext({ correlationId: 'corr-7' }, () =>
      requestQuery<Widget>(nc, GetWidgetQuery, { widgetId: 'w-1' }),
    );
    expect(result).toEqual({ widgetId: 'w-1', colour: 'blue' });
    expect(result).toBeInstanceOf(WidgetResult);
    expect(seen[0].payload).toBeInstanceOf(WidgetQueryPayload);
    expect(seen[0].correlationId).toBe('corr-7');
  });

  it('answers null for not found, and identical requests each get their answer', async () => {
    startResponder();
    const answers = await Promise.all([
      requestQuery<Widget>(nc, GetWidgetQuery, { widgetId: 'missing' }),
      requestQuery<Widget>(nc, GetWidgetQuery, { widgetId: 'missing' }),
    ]);
    expect(answers).toEqual([null, null]);
  });

  it('refuses an invalid request with BAD_REQUEST naming the field', async () => {
    startResponder();
    const attempt = requestQuery(nc, GetWidgetQuery, { widgetId: '', extra: true });
    await expect(attempt).rejects.toThrow(QueryError);
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(attempt).rejects.toThrow(
      'query query.test.widget.get failed: BAD_REQUEST: invalid query.test.widget.get payload: property extra should not exist; widgetId must be longer than or equal to 1 characters',
    );
    expect(seen).toHaveLength(0);
  });

  it('refuses malformed JSON and an oversized request', async () => {
    startResponder();
    const malformed = await nc.request(GetWidgetQuery.subject, '{"widgetId":', { timeout: 2_000 });
    expect(malformed.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('request body is not valid JSON') },
    });
    await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'x'.repeat(2_000) })).rejects.toThrow(
      /BAD_REQUEST: request body of \d+ bytes exceeds the limit of 1000 bytes/,
    );
  });

  it('answers BAD_REQUEST to 8,000 levels of nesting, to the same request again, and keeps serving', async () => {
    // The default body limit (64 KiB) lets the 16 kB request through to the depth check.
    responders.push(
      new QueryResponder<WidgetQueryPayload, Widget>(nc, {
        contract: GetWidgetQuery,
        queue: 'widgets',
        logger,
        handle: async (payload) => {
          seen.push({ payload });
          return { widgetId: payload.widgetId, colour: 'green' };
        },
      }),
    );
    await nc.flush();
    const deepObject = `{"widgetId":"w-1","extra":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`;
    const deepArray = `{"widgetId":${'['.repeat(8_000)}${']'.repeat(8_000)}}`;
    const answers = await Promise.all(
      [deepObject, deepObject, deepArray].map(async (body) => {
        const reply = await nc.request(GetWidgetQuery.subject, body, { timeout: 2_000 });
        return reply.json<unknown>();
      }),
    );
    const tooDeep = {
      error: {
        code: 'BAD_REQUEST',
        message:
          'invalid query.test.widget.get payload: payload nests arrays and objects deeper than 32 levels',
      },
    };
    expect(answers).toEqual([tooDeep, tooDeep, tooDeep]);
    expect(seen).toHaveLength(0);
    await expect(requestQuery<Widget>(nc, GetWidgetQuery, { widgetId: 'w-2' })).resolves.toMatchObject({
      widgetId: 'w-2',
      colour: 'green',
    });
  });

  it('refuses a deeply nested result with BAD_RESPONSE rather than throwing a RangeError', async () => {
    const deepResult = nc.subscribe(GetWidgetQuery.subject, {
      callback: (_error, request) =>
        request.respond(new TextEncoder().encode(`{"result":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`)),
    });
    try {
      await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'w-1' })).rejects.toMatchObject({
        code: 'BAD_RESPONSE',
        message:
          'query query.test.widget.get answered with an invalid result: payload nests arrays and objects deeper than 32 levels',
      });
      // Asked without a result contract, the answer is still not handed on that deep.
      const untyped = { subject: GetWidgetQuery.subject, type: 'untyped', version: 1 };
      await expect(requestQuery(nc, untyped, { widgetId: 'w-1' })).rejects.toMatchObject({
        code: 'BAD_RESPONSE',
        message: 'query untyped answered with a result that nests arrays and objects deeper than 32 levels',
      });
    } finally {
      deepResult.unsubscribe();
    }
  });

  it('refuses a result that breaks the contract with BAD_RESPONSE', async () => {
    startResponder();
    await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'colourless' })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: 'query query.test.widget.get answered with an invalid result: colour must be a string',
    });
  });

  it('answers INTERNAL when the result is too large to send', async () => {
    startResponder();
    await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'huge' })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'query query.test.widget.get failed: INTERNAL: the result could not be sent',
    });
    expect(logger.lines).toContainEqual(
      expect.stringContaining('query.test.widget.get: the reply could not be sent'),
    );
  });

  it('turns a failing handler into an INTERNAL error', async () => {
    startResponder();
    await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'explodes' })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'query query.test.widget.get failed: INTERNAL: widget store offline',
    });
    expect(logger.lines).toContainEqual('error: query.test.widget.get failed: widget store offline');
  });

  it('says clearly when nobody answers, and when the answer does not come in time', async () => {
    await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'w-1' })).rejects.toMatchObject({
      code: 'NO_RESPONDERS',
      message: 'query query.test.widget.get: no service answers on query.test.widget.get',
    });

    const silent = nc.subscribe(GetWidgetQuery.subject); // takes requests, never replies
    try {
      await expect(requestQuery(nc, GetWidgetQuery, { widgetId: 'w-1' }, 200)).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: 'query query.test.widget.get timed out after 200 ms',
      });
    } finally {
      silent.unsubscribe();
    }
  });

  it('spreads requests over the replicas of a queue group', async () => {
    const answeredBy: number[] = [];
    for (const replica of [1, 2]) {
      responders.push(
        new QueryResponder<WidgetQueryPayload, Widget>(nc, {
          contract: GetWidgetQuery,
          queue: 'widgets',
          handle: async (payload) => {
            answeredBy.push(replica);
            return { widgetId: payload.widgetId, colour: 'red' };
          },
        }),
      );
    }
    await nc.flush();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => requestQuery(nc, GetWidgetQuery, { widgetId: `w-${i}` })),
    );
    expect(answeredBy).toHaveLength(40);
    expect(new Set(answeredBy)).toEqual(new Set([1, 2]));
  });
});
