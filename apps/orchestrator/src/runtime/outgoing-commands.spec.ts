import { CreateOrderCommand, Headers } from '@app/contracts';
import type { SagaEffect } from '@app/saga-core';
import { outboxRecordsFor } from './outgoing-commands';

describe('outboxRecordsFor', () => {
  const send: SagaEffect = {
    type: 'send-command',
    commandId: '11111111-1111-4111-8111-111111111111',
    contract: CreateOrderCommand,
    payload: { orderId: 'o-1' },
    stepName: 'create-order',
    compensation: false,
  };

  it('turns each sent command into an outbox row whose id is the command id, with the saga’s ids in its headers', () => {
    const effects: SagaEffect[] = [
      {
        type: 'timeline',
        at: '2030-01-01T00:00:00.000Z',
        kind: 'command-sent',
        step: 'create-order',
        detail: {},
      },
      send,
      { type: 'cancel-deadline' },
    ];

    const [record, ...rest] = outboxRecordsFor(effects, {
      sagaId: 's-1',
      correlationId: 'corr-1',
      causationId: 'm-1',
    });

    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      id: send.commandId,
      subject: 'saga.cmd.order.create',
      payload: { orderId: 'o-1' },
    });
    expect(record.headers).toMatchObject({
      [Headers.messageId]: send.commandId,
      [Headers.messageType]: 'order.create',
      [Headers.messageVersion]: '1',
      [Headers.sagaId]: 's-1',
      [Headers.correlationId]: 'corr-1',
      [Headers.causationId]: 'm-1',
    });
  });

  it('writes nothing when no command was sent', () => {
    expect(outboxRecordsFor([{ type: 'cancel-deadline' }], { sagaId: 's', correlationId: 'c' })).toEqual([]);
  });
});
