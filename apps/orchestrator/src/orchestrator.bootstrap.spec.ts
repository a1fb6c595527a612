import { ORCHESTRATOR_SAGAS } from './orchestrator.bootstrap';
import { registerSagas } from './runtime/registered-sagas';

describe('ORCHESTRATOR_SAGAS', () => {
  it('runs order fulfillment and order returns, each started by its own message, every reply known', () => {
    const sagas = registerSagas(ORCHESTRATOR_SAGAS);

    expect(sagas.starts.map((start) => [start.contract.subject, start.sagaType])).toEqual([
      ['saga.start.order-fulfillment', 'order-fulfillment'],
      ['saga.start.order-return', 'order-return'],
    ]);
    expect(sagas.replies.map((reply) => reply.type)).toEqual(
      expect.arrayContaining(['order.create.reply', 'order.request-return.reply', 'payment.refund.reply']),
    );
  });
});
