import { runWithContext } from '@app/observability';
import { storedMessage } from './stored-message';

describe('storedMessage', () => {
  const contract = { subject: 'saga.reply.order.create', type: 'order.create.reply', version: 1 };
  const payload = { outcome: 'SUCCESS' };

  it('keeps the message id as the row id and Nats-Msg-Id, with the ids it is given', () => {
    const stored = runWithContext(
      { correlationId: 'ambient', causationId: 'ambient', sagaId: 'ambient' },
      () =>
        storedMessage(contract, payload, {
          messageId: 'm-2',
          sagaId: 's-1',
          correlationId: 'c-1',
          causationId: 'm-1',
        }),
    );
    expect(stored).toEqual({
      id: 'm-2',
      subject: 'saga.reply.order.create',
      payload,
      headers: expect.objectContaining({
        'Nats-Msg-Id': 'm-2',
        'message-type': 'order.create.reply',
        'message-version': '1',
        'saga-id': 's-1',
        'correlation-id': 'c-1',
        'causation-id': 'm-1',
      }),
    });
  });

  it('takes the ids it is not given from the correlation context of the decision', () => {
    const stored = runWithContext({ correlationId: 'c-9', causationId: 'm-8', sagaId: 's-9' }, () =>
      storedMessage(contract, payload, { messageId: 'm-3' }),
    );
    expect(stored.headers).toMatchObject({
      'correlation-id': 'c-9',
      'causation-id': 'm-8',
      'saga-id': 's-9',
    });
  });
});
