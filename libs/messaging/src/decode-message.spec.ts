import { WidgetCommand, WidgetPayload } from '../test/widget-contract';
import { ReceivedMessage, decodeMessage } from './decode-message';
import { handlersByType } from './message-handler';

describe('decodeMessage', () => {
  const handlers = handlersByType({ contract: WidgetCommand, handle: async () => undefined });
  const received = (overrides: Partial<ReceivedMessage> = {}): ReceivedMessage => ({
    subject: 'saga.cmd.test.widget',
    headers: {
      'Nats-Msg-Id': 'm-1',
      'message-type': 'test.widget.build',
      'message-version': '1',
      'correlation-id': 'c-1',
      'causation-id': 'p-1',
      'saga-id': 's-1',
      'occurred-at': '2025-01-01T00:00:00.000Z',
    },
    body: new TextEncoder().encode(JSON.stringify({ widgetId: 'w-1', quantity: 3 })),
    fallbackId: 'SAGA_COMMANDS:7',
    storedAt: '2025-01-02T00:00:00.000Z',
    ...overrides,
  });

  it('builds the envelope from the headers and the validated payload', () => {
    const decoded = decodeMessage(received(), handlers, 1_000);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.envelope).toEqual({
      subject: 'saga.cmd.test.widget',
      messageId: 'm-1',
      type: 'test.widget.build',
      version: 1,
      sagaId: 's-1',
      correlationId: 'c-1',
      causationId: 'p-1',
      occurredAt: '2025-01-01T00:00:00.000Z',
      payload: { widgetId: 'w-1', quantity: 3 },
    });
    expect(decoded.envelope.payload).toBeInstanceOf(WidgetPayload);
  });

  it("carries the sending saga's business key when the business-key header is set", () => {
    const withKey = received();
    withKey.headers['business-key'] = 'return-7';
    const decoded = decodeMessage(withKey, handlers, 1_000);
    expect(decoded.ok && decoded.envelope.businessKey).toBe('return-7');
    const without = decodeMessage(received(), handlers, 1_000);
    expect(without.ok && without.envelope.businessKey).toBeUndefined();
  });

  it('falls back to the subject, the stream position and the store time when headers are missing', () => {
    const byType = decodeMessage(received({ headers: {} }), handlers, 1_000);
    expect(byType).toEqual({
      ok: false,
      reason: "no message-type header and no handler for subject 'saga.cmd.test.widget'",
    });

    const bySubject = decodeMessage(
      received({ headers: {} }),
      { 'saga.cmd.test.widget': handlers['test.widget.build'] },
      1_000,
    );
    expect(bySubject.ok && bySubject.envelope).toMatchObject({
      messageId: 'SAGA_COMMANDS:7',
      correlationId: 'SAGA_COMMANDS:7',
      occurredAt: '2025-01-02T00:00:00.000Z',
      sagaId: undefined,
    });
  });

  it.each([
    [
      'an oversized body',
      { body: new Uint8Array(1_001) },
      'body of 1001 bytes exceeds the limit of 1000 bytes',
    ],
    [
      'an unknown type',
      { headers: { 'message-type': 'test.unknown' } },
      "no handler for message type 'test.unknown'",
    ],
    [
      'another version',
      { headers: { 'message-type': 'test.widget.build', 'message-version': '2' } },
      'test.widget.build version 2 is not supported (expected 1)',
    ],
    ['malformed JSON', { body: new TextEncoder().encode('{"widgetId":') }, 'body is not valid JSON'],
    ['bytes that are not UTF-8', { body: new Uint8Array([0xff, 0xfe]) }, 'body is not valid JSON'],
    [
      'a payload that breaks the contract',
      { body: new TextEncoder().encode('{"widgetId":"w"}') },
      'invalid test.widget.build payload: quantity',
    ],
  ])('refuses %s with a reason', (_case, overrides, reason) => {
    const decoded = decodeMessage(received(overrides), handlers, 1_000);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toContain(reason);
  });

  it.each([
    [
      '8,000 nested objects',
      `{"widgetId":"w","quantity":1,"part":${'{"sku":'.repeat(8_000)}"A"${'}'.repeat(8_000)}}`,
    ],
    ['8,000 nested arrays', `{"widgetId":"w","quantity":1,"note":${'['.repeat(8_000)}${']'.repeat(8_000)}}`],
    ['8,000 nested levels at the top', `${'['.repeat(8_000)}${']'.repeat(8_000)}`],
  ])('refuses %s with a reason instead of throwing', (_case, body) => {
    const decoded = decodeMessage(received({ body: new TextEncoder().encode(body) }), handlers, 65_536);
    expect(decoded).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /payload nests arrays and objects deeper than 32 levels|must be a JSON object/,
      ),
    });
  });

  it('refuses a million nested levels: unread past the size limit, and without recursion under it', () => {
    const body = new TextEncoder().encode(
      `{"widgetId":"w","quantity":1,"note":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`,
    );
    expect(decodeMessage(received({ body }), handlers, 65_536)).toEqual({
      ok: false,
      reason: `body of ${body.byteLength} bytes exceeds the limit of 65536 bytes`,
    });
    // JSON.parse does not recurse, and neither does the depth check that runs before any transform.
    expect(decodeMessage(received({ body }), handlers, 4_000_000)).toEqual({
      ok: false,
      reason: 'invalid test.widget.build payload: payload nests arrays and objects deeper than 32 levels',
    });
  });
});
