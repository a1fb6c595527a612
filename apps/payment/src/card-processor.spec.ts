import { DemoCardTokens } from '@app/contracts';
import { declinesRefunds, dependsOnProcessingErrors, simulateCardProcessor } from './card-processor';

const attempt = (token: string, amountCents = 1000, previousProcessingErrors = 0) => ({
  token,
  amountCents,
  previousProcessingErrors,
});

describe('simulateCardProcessor', () => {
  it('approves tok_visa up to and including 1,000,000 cents', () => {
    expect(simulateCardProcessor(attempt('tok_visa'))).toEqual({ kind: 'approved' });
    expect(simulateCardProcessor(attempt('tok_visa', 1_000_000))).toEqual({ kind: 'approved' });
  });

  it('approves tok_refundDeclined like tok_visa, the limit included', () => {
    expect(simulateCardProcessor(attempt('tok_refundDeclined'))).toEqual({ kind: 'approved' });
    expect(simulateCardProcessor(attempt('tok_refundDeclined', 1_000_001))).toMatchObject({
      kind: 'declined',
      code: 'PAYMENT_DECLINED',
    });
  });

  it('declines any card above 1,000,000 cents', () => {
    expect(simulateCardProcessor(attempt('tok_visa', 1_000_001))).toMatchObject({
      kind: 'declined',
      code: 'PAYMENT_DECLINED',
    });
    expect(simulateCardProcessor(attempt('tok_timeout', 1_000_001))).toMatchObject({ kind: 'declined' });
  });

  it.each([
    ['tok_chargeDeclined', 'PAYMENT_DECLINED'],
    ['tok_insufficientFunds', 'INSUFFICIENT_FUNDS'],
    ['tok_unknown', 'PAYMENT_DECLINED'],
  ])('declines %s with %s', (token, code) => {
    expect(simulateCardProcessor(attempt(token))).toMatchObject({ kind: 'declined', code });
  });

  it('fails tok_processingError twice, then approves', () => {
    expect(simulateCardProcessor(attempt('tok_processingError', 1000, 0)).kind).toBe('processing-error');
    expect(simulateCardProcessor(attempt('tok_processingError', 1000, 1)).kind).toBe('processing-error');
    expect(simulateCardProcessor(attempt('tok_processingError', 1000, 2))).toEqual({ kind: 'approved' });
  });

  it('never answers tok_timeout', () => {
    expect(simulateCardProcessor(attempt('tok_timeout'))).toEqual({ kind: 'no-answer' });
  });

  it('depends on earlier processing errors for tok_processingError only', () => {
    expect(dependsOnProcessingErrors(DemoCardTokens.PROCESSING_ERROR)).toBe(true);
    expect(
      [DemoCardTokens.APPROVES, DemoCardTokens.DECLINED, DemoCardTokens.NEVER_ANSWERS, 'tok_other'].map(
        dependsOnProcessingErrors,
      ),
    ).toEqual([false, false, false, false]);
  });

  it('declines refunds of tok_refundDeclined payments only', () => {
    expect(declinesRefunds(DemoCardTokens.REFUND_DECLINED)).toBe(true);
    expect([DemoCardTokens.APPROVES, DemoCardTokens.PROCESSING_ERROR, null].map(declinesRefunds)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
