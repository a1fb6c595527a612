import { randomUUID } from 'node:crypto';
import { ReturnRejectedEvent } from '@app/order-return';
import { decideReturnCancellation } from './cancel-return.decision';
import type { RecordedReturn } from './recorded-return';

describe('decideReturnCancellation', () => {
  const orderId = randomUUID();
  const returnId = randomUUID();
  const command = { returnId, orderId, reason: 'refund declined' };
  const recorded = (status: RecordedReturn['status']): RecordedReturn => ({
    returnId,
    orderId,
    status,
    reason: 'damaged',
    items: [{ sku: 'SKU-001', quantity: 1 }],
    refundCents: 1299,
    rejectCode: null,
    rejectReason: null,
  });
  const rejectedReply = { outcome: 'SUCCESS', result: { returnId, status: 'REJECTED' } };

  it("rejects a PENDING return with the saga's reason, freeing its quantities, and announces it", () => {
    expect(decideReturnCancellation(recorded('PENDING'), command)).toEqual({
      decision: {
        reply: rejectedReply,
        events: [
          { contract: ReturnRejectedEvent, payload: { returnId, orderId, reason: 'refund declined' } },
        ],
        remember: true,
      },
      reject: { rejectReason: 'refund declined' },
    });
  });

  it('succeeds with nothing to do for a return never recorded (the ledger leaves the tombstone)', () => {
    expect(decideReturnCancellation(null, command)).toEqual({
      decision: { reply: rejectedReply, events: [], remember: true },
    });
  });

  it('succeeds with nothing to do for a return rejected already', () => {
    expect(decideReturnCancellation(recorded('REJECTED'), command)).toEqual({
      decision: { reply: rejectedReply, events: [], remember: true },
    });
  });

  it('refuses a REFUNDED return, without remembering: the refund was the pivot', () => {
    expect(decideReturnCancellation(recorded('REFUNDED'), command)).toEqual({
      decision: {
        reply: {
          outcome: 'BUSINESS_FAILURE',
          error: {
            code: 'RETURN_ALREADY_REFUNDED',
            message: `return ${returnId} of order ${orderId} is refunded and cannot be cancelled`,
          },
        },
        events: [],
        remember: false,
      },
    });
  });
});
