import { randomUUID } from 'node:crypto';
import { ReturnCompletedEvent } from '@app/order-return';
import { decideReturnCompletion } from './complete-return.decision';
import type { RecordedReturn } from './recorded-return';

describe('decideReturnCompletion', () => {
  const orderId = randomUUID();
  const returnId = randomUUID();
  const command = { returnId, orderId };
  const recorded = (status: RecordedReturn['status']): RecordedReturn => ({
    returnId,
    orderId,
    status,
    reason: 'damaged',
    items: [{ sku: 'SKU-001', quantity: 2 }],
    refundCents: 2598,
    rejectCode: null,
    rejectReason: null,
  });
  const refundedReply = { outcome: 'SUCCESS', result: { returnId, status: 'REFUNDED' } };

  it('moves a PENDING return to REFUNDED and announces it with its refund', () => {
    expect(decideReturnCompletion(recorded('PENDING'), command)).toEqual({
      decision: {
        reply: refundedReply,
        events: [{ contract: ReturnCompletedEvent, payload: { returnId, orderId, refundCents: 2598 } }],
        remember: true,
      },
      refund: true,
    });
  });

  it('succeeds again for a REFUNDED return, changing and announcing nothing', () => {
    expect(decideReturnCompletion(recorded('REFUNDED'), command)).toEqual({
      decision: { reply: refundedReply, events: [], remember: true },
      refund: false,
    });
  });

  it.each([
    [null, 'RETURN_NOT_FOUND', `order ${orderId} has no return ${returnId}`],
    ['REJECTED', 'RETURN_REJECTED', `return ${returnId} of order ${orderId} was rejected`],
  ] as const)('refuses a return found %s without remembering it (%s)', (status, code, message) => {
    expect(decideReturnCompletion(status && recorded(status), command)).toEqual({
      decision: {
        reply: { outcome: 'BUSINESS_FAILURE', error: { code, message } },
        events: [],
        remember: false,
      },
      refund: false,
    });
  });
});
