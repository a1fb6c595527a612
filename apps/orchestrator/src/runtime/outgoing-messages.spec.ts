import { CreateOrderCommand, Headers, SagaFinishedEvent } from '@app/contracts';
import type { SagaEffect } from '@app/saga-core';
import { MessageOrigin, outboxRecordsFor } from './outgoing-messages';

describe('outboxRecordsFor', () => {
  const send: SagaEffect = {
    type: 'send-command',
    commandId: '11111111-1111-4111-8111-111111111111',
    contract: CreateOrderCommand,
    payload: { orderId: 'o-1' },
    stepName: 'create-order',
    compensation: false,
  };
  const origin: MessageOrigin = {
    sagaId: 's-1',
    sagaType: 'order-fulfillment',
    correlationId: 'corr-1',
    businessKey: 'o-1',
    causationId: 'm-1',
    newId: () => 'event-1',
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

    const [record, ...rest] = outboxRecordsFor(effects, origin);

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
      [Headers.businessKey]: 'o-1',
    });
  });

  it('sends every command and compensation with the saga’s business key, whatever its payload says', () => {
    const compensate: SagaEffect = {
      ...send,
      commandId: '22222222-2222-4222-8222-222222222222',
      payload: { orderId: 'o-1', returnId: 'r-9' },
      compensation: true,
    };

    const records = outboxRecordsFor([send, compensate], { ...origin, businessKey: 'r-9' });

    expect(records.map((record) => record.headers[Headers.businessKey])).toEqual(['r-9', 'r-9']);
  });

  it('sends no business-key header for a saga that has none', () => {
    const [record] = outboxRecordsFor([send], { ...origin, businessKey: null });

    expect(Object.keys(record.headers)).not.toContain(Headers.businessKey);
    expect(record.headers[Headers.sagaId]).toBe('s-1');
  });

  it('publishes the saga’s end as a SagaFinishedEvent with a fresh message id', () => {
    const [record, ...rest] = outboxRecordsFor([{ type: 'finished', status: 'COMPENSATED' }], origin);

    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      id: 'event-1',
      subject: SagaFinishedEvent.subject,
      payload: { sagaId: 's-1', sagaType: 'order-fulfillment', status: 'COMPENSATED' },
    });
    expect(record.headers).toMatchObject({
      [Headers.messageId]: 'event-1',
      [Headers.messageType]: 'orchestrator.saga.finished',
      [Headers.sagaId]: 's-1',
      [Headers.causationId]: 'm-1',
    });
  });

  it('writes nothing when the effects send nothing and end nothing', () => {
    expect(outboxRecordsFor([{ type: 'cancel-deadline' }], origin)).toEqual([]);
  });
});
