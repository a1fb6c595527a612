import { runWithContext } from '@app/observability';
import { buildHeaders } from './outgoing-message';

describe('buildHeaders', () => {
  const message = {
    subject: 'saga.cmd.order.create',
    payload: {},
    messageId: 'm-1',
    type: 'order.create',
    version: 2,
  };

  it('writes every standard header, starting a new conversation outside any context', () => {
    const headers = buildHeaders({ ...message, occurredAt: '2025-01-01T00:00:00.000Z' });
    expect(headers).toEqual({
      'Nats-Msg-Id': 'm-1',
      'message-type': 'order.create',
      'message-version': '2',
      'correlation-id': 'm-1',
      'occurred-at': '2025-01-01T00:00:00.000Z',
    });
  });

  it('takes the ids the message leaves unset from the current context', () => {
    const headers = runWithContext({ correlationId: 'c-1', causationId: 'm-0', sagaId: 's-1' }, () =>
      buildHeaders(message),
    );
    expect(headers).toMatchObject({ 'correlation-id': 'c-1', 'causation-id': 'm-0', 'saga-id': 's-1' });
    expect(Date.parse(headers['occurred-at'])).not.toBeNaN();
  });

  it('prefers the ids the message sets', () => {
    const headers = runWithContext({ correlationId: 'c-1', causationId: 'm-0', sagaId: 's-1' }, () =>
      buildHeaders({ ...message, correlationId: 'c-2', causationId: 'm-9', sagaId: 's-2' }),
    );
    expect(headers).toMatchObject({ 'correlation-id': 'c-2', 'causation-id': 'm-9', 'saga-id': 's-2' });
  });
});
