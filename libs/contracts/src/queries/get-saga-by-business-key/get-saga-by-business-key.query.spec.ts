import { randomUUID } from 'node:crypto';
import { validatePayload, validateQueryResult } from '../../validate-payload';
import { GetSagaByBusinessKeyQuery } from './get-saga-by-business-key.query';

const errorsOf = (result: ReturnType<typeof validatePayload>) => (result.ok ? [] : result.errors);

describe('GetSagaByBusinessKeyQuery', () => {
  it('is asked on query.orchestrator.saga-by-business-key', () => {
    expect(GetSagaByBusinessKeyQuery.subject).toBe('query.orchestrator.saga-by-business-key');
  });

  it('takes a saga type and any business key, not only a uuid', () => {
    const payload = { type: 'order-return', businessKey: 'RET-2026-0001' };

    expect(validatePayload(GetSagaByBusinessKeyQuery, payload)).toEqual({ ok: true, value: payload });
  });

  it.each([
    [{ businessKey: 'k' }, 'type must be a string'],
    [{ type: 'order-return' }, 'businessKey must be a string'],
    [{ type: 'order-return', businessKey: '' }, 'businessKey must be longer than or equal to 1 characters'],
    [
      { type: 'order-return', businessKey: 'k'.repeat(201) },
      'businessKey must be shorter than or equal to 200',
    ],
    [{ type: 'x'.repeat(65), businessKey: 'k' }, 'type must be shorter than or equal to 64'],
    [{ type: 'order-return', businessKey: { key: 'k' } }, 'businessKey must be a string'],
    [{ type: 'order-return', businessKey: 'k', orderId: randomUUID() }, 'property orderId should not exist'],
  ])('refuses %p', (payload, error) => {
    expect(errorsOf(validatePayload(GetSagaByBusinessKeyQuery, payload))).toContainEqual(
      expect.stringContaining(error),
    );
  });

  it('answers like GetSagaByOrderQuery: the saga’s id, status and current step', () => {
    const result = { sagaId: randomUUID(), status: 'RUNNING', currentStep: 'refund-payment' };

    expect(validateQueryResult(GetSagaByBusinessKeyQuery, result)).toEqual({ ok: true, value: result });
    expect(validateQueryResult(GetSagaByBusinessKeyQuery, { ...result, status: 'LOST' }).ok).toBe(false);
  });
});
