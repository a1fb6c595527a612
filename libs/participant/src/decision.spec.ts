import { MAX_REASON_LENGTH } from '@app/contracts';
import { declined, failedTransiently, refused, succeeded } from './decision';

describe('decisions', () => {
  it('remembers successes and business verdicts, not refusals or transient failures', () => {
    expect(succeeded({ id: 1 }).remember).toBe(true);
    expect(declined('PAYMENT_DECLINED', 'no').remember).toBe(true);
    expect(refused('ORDER_NOT_FOUND', 'no such order').remember).toBe(false);
    expect(failedTransiently('PROCESSING_ERROR', 'try again').remember).toBe(false);
  });

  it('builds the reply bodies of the contract', () => {
    expect(succeeded({ id: 1 }).reply).toEqual({ outcome: 'SUCCESS', result: { id: 1 } });
    expect(refused('X', 'why').reply).toEqual({
      outcome: 'BUSINESS_FAILURE',
      error: { code: 'X', message: 'why' },
    });
    expect(failedTransiently('Y', 'later').reply).toEqual({
      outcome: 'TRANSIENT_FAILURE',
      error: { code: 'Y', message: 'later' },
    });
  });

  it('shortens a failure message to what the reply contract accepts', () => {
    const message = declined('INSUFFICIENT_STOCK', 'x'.repeat(MAX_REASON_LENGTH + 50)).reply.error!.message;
    expect(message).toHaveLength(MAX_REASON_LENGTH);
    expect(message.endsWith('…')).toBe(true);
  });
});
