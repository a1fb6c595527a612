import { randomUUID } from 'node:crypto';
import { RecordedRefund, RefundablePayment, decideRefund } from './refund-decision';

describe('decideRefund', () => {
  const orderId = randomUUID();
  const returnId = randomUUID();
  const request = (amountCents: number, forReturn = returnId) => ({
    orderId,
    returnId: forReturn,
    amountCents,
  });
  const payment = (overrides: Partial<RefundablePayment> = {}): RefundablePayment => ({
    id: 'payment-1',
    status: 'CAPTURED',
    amountCents: 5000,
    cardToken: 'tok_visa',
    ...overrides,
  });
  const refund = (amountCents: number, forReturn: string = randomUUID()): RecordedRefund => ({
    refundId: randomUUID(),
    returnId: forReturn,
    amountCents,
  });

  it('refunds a captured payment, reporting the total refunded with this refund', () => {
    expect(decideRefund(request(1200), payment(), [])).toEqual({
      kind: 'refund',
      payment: payment(),
      refundedCents: 1200,
    });
    expect(decideRefund(request(1200), payment(), [refund(800), refund(1000)])).toEqual({
      kind: 'refund',
      payment: payment(),
      refundedCents: 3000,
    });
  });

  it('refunds up to exactly the captured amount, and a zero amount', () => {
    expect(decideRefund(request(2000), payment(), [refund(3000)])).toMatchObject({
      kind: 'refund',
      refundedCents: 5000,
    });
    expect(decideRefund(request(0), payment(), [])).toMatchObject({ kind: 'refund', refundedCents: 0 });
  });

  it('refuses REFUND_EXCEEDS_CAPTURE one cent past the captured amount', () => {
    expect(decideRefund(request(2001), payment(), [refund(3000)])).toEqual({
      kind: 'refused',
      code: 'REFUND_EXCEEDS_CAPTURE',
      message: expect.stringContaining('5001 cents refunded, more than the 5000 cents captured'),
    });
    expect(decideRefund(request(5001), payment(), [])).toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURE' });
  });

  it.each(['AUTHORIZED', 'VOIDED', 'DECLINED'] as const)(
    'refuses REFUND_EXCEEDS_CAPTURE on a %s payment: nothing was captured',
    (status) => {
      expect(decideRefund(request(1), payment({ status }), [])).toEqual({
        kind: 'refused',
        code: 'REFUND_EXCEEDS_CAPTURE',
        message: `payment payment-1 is ${status}: nothing was captured`,
      });
    },
  );

  it('refuses REFUND_EXCEEDS_CAPTURE when the order has no payment', () => {
    expect(decideRefund(request(1), null, [])).toEqual({
      kind: 'refused',
      code: 'REFUND_EXCEEDS_CAPTURE',
      message: `order ${orderId} has no payment to refund`,
    });
  });

  it('refuses REFUND_DECLINED for a payment made with tok_refundDeclined, even within the capture', () => {
    expect(decideRefund(request(1), payment({ cardToken: 'tok_refundDeclined' }), [])).toEqual({
      kind: 'refused',
      code: 'REFUND_DECLINED',
      message: 'the card processor declined the refund of payment payment-1',
    });
  });

  it('refunds a payment recorded before card tokens were kept like any card', () => {
    expect(decideRefund(request(100), payment({ cardToken: null }), [])).toMatchObject({ kind: 'refund' });
  });

  it('answers a return refunded before with its refund, whatever amount is asked again', () => {
    const earlier = refund(1500, returnId);
    const refunds = [refund(1000), earlier];
    for (const amountCents of [1500, 4000]) {
      expect(decideRefund(request(amountCents), payment(), refunds)).toEqual({
        kind: 'refunded-before',
        payment: payment(),
        refund: earlier,
        refundedCents: 2500,
      });
    }
  });

  it('answers a return refunded before with its refund even once the capture is used up', () => {
    const earlier = refund(5000, returnId);
    expect(decideRefund(request(5000), payment(), [earlier])).toMatchObject({ kind: 'refunded-before' });
  });
});
