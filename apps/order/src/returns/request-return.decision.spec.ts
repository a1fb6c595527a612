import { randomUUID } from 'node:crypto';
import { MAX_REASON_LENGTH } from '@app/contracts';
import { type RequestReturnPayload, ReturnRejectedEvent, ReturnRequestedEvent } from '@app/order-return';
import type { RecordedReturn } from './recorded-return';
import {
  CANCELLED_BEFORE_REQUESTED,
  type OrderToReturn,
  decideReturnRequest,
  returnCancelledBeforeRequested,
} from './request-return.decision';

describe('decideReturnRequest', () => {
  const orderId = randomUUID();
  const approved = (): OrderToReturn => ({
    status: 'APPROVED',
    items: [
      { sku: 'SKU-001', quantity: 3, unitPriceCents: 1299 },
      { sku: 'SKU-002', quantity: 1, unitPriceCents: 500 },
    ],
  });
  const request = (
    items: RequestReturnPayload['items'],
    overrides: Partial<RequestReturnPayload> = {},
  ): RequestReturnPayload => ({ returnId: randomUUID(), orderId, items, reason: 'damaged', ...overrides });
  const recorded = (
    status: RecordedReturn['status'],
    items: RecordedReturn['items'],
    overrides: Partial<RecordedReturn> = {},
  ): RecordedReturn => ({
    returnId: randomUUID(),
    orderId,
    status,
    reason: 'too small',
    items,
    refundCents: 0,
    rejectCode: null,
    rejectReason: null,
    ...overrides,
  });

  describe('accepted', () => {
    it('records the return PENDING, replies its refund and announces it', () => {
      const command = request([
        { sku: 'SKU-001', quantity: 2 },
        { sku: 'SKU-002', quantity: 1 },
      ]);
      const { returnId, items } = command;

      expect(decideReturnRequest(approved(), [], command)).toEqual({
        decision: {
          reply: { outcome: 'SUCCESS', result: { returnId, status: 'PENDING', refundCents: 3098 } },
          events: [
            {
              contract: ReturnRequestedEvent,
              payload: { returnId, orderId, items, reason: 'damaged', refundCents: 3098 },
            },
          ],
          remember: true,
        },
        record: {
          returnId,
          orderId,
          status: 'PENDING',
          reason: 'damaged',
          items,
          refundCents: 3098,
          rejectCode: null,
          rejectReason: null,
        },
      });
    });

    it('takes exactly what earlier PENDING and REFUNDED returns left, ignoring REJECTED ones', () => {
      const earlier = [
        recorded('PENDING', [{ sku: 'SKU-001', quantity: 1 }]),
        recorded('REFUNDED', [{ sku: 'SKU-001', quantity: 1 }]),
        recorded('REJECTED', [{ sku: 'SKU-001', quantity: 3 }]),
      ];
      const { decision, record } = decideReturnRequest(
        approved(),
        earlier,
        request([{ sku: 'SKU-001', quantity: 1 }]),
      );
      expect(decision.reply).toMatchObject({ outcome: 'SUCCESS', result: { refundCents: 1299 } });
      expect(record?.status).toBe('PENDING');
    });

    it('refunds nothing for free items', () => {
      const order = {
        status: 'APPROVED' as const,
        items: [{ sku: 'SKU-FREE', quantity: 1, unitPriceCents: 0 }],
      };
      const { decision } = decideReturnRequest(order, [], request([{ sku: 'SKU-FREE', quantity: 1 }]));
      expect(decision.reply.result?.refundCents).toBe(0);
    });

    it('ignores returns of other orders that the lookup by return id brought along', () => {
      const otherOrders = [
        recorded('REFUNDED', [{ sku: 'SKU-001', quantity: 3 }], { orderId: randomUUID() }),
      ];
      const { decision } = decideReturnRequest(
        approved(),
        otherOrders,
        request([{ sku: 'SKU-001', quantity: 3 }]),
      );
      expect(decision.reply.outcome).toBe('SUCCESS');
    });
  });

  describe('refused, recorded REJECTED holding nothing, the verdict kept for a resend', () => {
    const expectRejected = (
      outcome: ReturnType<typeof decideReturnRequest>,
      command: RequestReturnPayload,
      code: string,
      message: string | RegExp,
    ) => {
      const { returnId, items } = command;
      const text = typeof message === 'string' ? message : expect.stringMatching(message);
      expect(outcome).toEqual({
        decision: {
          reply: { outcome: 'BUSINESS_FAILURE', error: { code, message: text } },
          events: [{ contract: ReturnRejectedEvent, payload: { returnId, orderId, reason: text } }],
          remember: true,
        },
        record: {
          returnId,
          orderId,
          status: 'REJECTED',
          reason: 'damaged',
          items,
          refundCents: 0,
          rejectCode: code,
          rejectReason: text,
        },
      });
    };

    it('RETURN_NOT_ALLOWED for an unknown order', () => {
      const command = request([{ sku: 'SKU-001', quantity: 1 }]);
      expectRejected(
        decideReturnRequest(null, [], command),
        command,
        'RETURN_NOT_ALLOWED',
        `order ${orderId} does not exist`,
      );
    });

    it.each(['PENDING', 'CANCELLED'] as const)('RETURN_NOT_ALLOWED for a %s order', (status) => {
      const command = request([{ sku: 'SKU-001', quantity: 1 }]);
      expectRejected(
        decideReturnRequest({ ...approved(), status }, [], command),
        command,
        'RETURN_NOT_ALLOWED',
        `order ${orderId} is ${status}: only an APPROVED order can be returned`,
      );
    });

    it('RETURN_EXCEEDS_ORDER one unit past what is left, naming the line', () => {
      const command = request([
        { sku: 'SKU-002', quantity: 1 },
        { sku: 'SKU-001', quantity: 3 },
      ]);
      expectRejected(
        decideReturnRequest(approved(), [recorded('PENDING', [{ sku: 'SKU-001', quantity: 1 }])], command),
        command,
        'RETURN_EXCEEDS_ORDER',
        `order ${orderId} cannot take back SKU-001 (3 asked, 3 ordered, 1 held by earlier returns)`,
      );
    });

    it('RETURN_EXCEEDS_ORDER beyond the order even without earlier returns', () => {
      const command = request([{ sku: 'SKU-001', quantity: 4 }]);
      expectRejected(
        decideReturnRequest(approved(), [], command),
        command,
        'RETURN_EXCEEDS_ORDER',
        /4 asked, 3 ordered/,
      );
    });

    it('RETURN_EXCEEDS_ORDER for a SKU the order does not have', () => {
      const command = request([{ sku: 'SKU-404', quantity: 1 }]);
      expectRejected(
        decideReturnRequest(approved(), [], command),
        command,
        'RETURN_EXCEEDS_ORDER',
        `order ${orderId} cannot take back SKU-404 (1 asked, not in the order)`,
      );
    });

    it('names five excess lines at most, so the reason fits every bound', () => {
      const items = Array.from({ length: 100 }, (_, i) => ({
        sku: `SKU-${String(i).padStart(28, '0')}`,
        quantity: 1000,
      }));
      const { decision, record } = decideReturnRequest(approved(), [], request(items));
      const message = decision.reply.error?.message ?? '';
      expect(message).toMatch(/; and 95 more lines$/);
      expect(message.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
      expect(record?.rejectReason).toBe(message);
    });
  });

  describe('racing returns of one order, each judged after the previous one committed', () => {
    it('accepts the first and refuses the second when both together exceed the order', () => {
      const first = request([{ sku: 'SKU-001', quantity: 2 }]);
      const second = request([{ sku: 'SKU-001', quantity: 2 }]);
      const accepted = decideReturnRequest(approved(), [], first);
      const afterFirst = decideReturnRequest(approved(), [accepted.record as RecordedReturn], second);
      expect(accepted.decision.reply.outcome).toBe('SUCCESS');
      expect(afterFirst.decision.reply.error?.code).toBe('RETURN_EXCEEDS_ORDER');
    });

    it('accepts both when the order holds enough for the two', () => {
      const first = request([{ sku: 'SKU-001', quantity: 2 }]);
      const second = request([
        { sku: 'SKU-001', quantity: 1 },
        { sku: 'SKU-002', quantity: 1 },
      ]);
      const accepted = decideReturnRequest(approved(), [], first);
      const afterFirst = decideReturnRequest(approved(), [accepted.record as RecordedReturn], second);
      expect(afterFirst.decision.reply).toMatchObject({ outcome: 'SUCCESS', result: { refundCents: 1799 } });
    });

    it('frees what a rejected return held for the next one', () => {
      const first = recorded('REJECTED', [{ sku: 'SKU-001', quantity: 3 }], {
        rejectReason: 'refund declined',
      });
      const { decision } = decideReturnRequest(
        approved(),
        [first],
        request([{ sku: 'SKU-001', quantity: 3 }]),
      );
      expect(decision.reply.outcome).toBe('SUCCESS');
    });
  });

  describe('a return recorded already (its ledger entry gone or never written)', () => {
    it('replies the PENDING return again without writing or announcing anything', () => {
      const command = request([{ sku: 'SKU-001', quantity: 3 }]);
      const existing = recorded('PENDING', command.items, { returnId: command.returnId, refundCents: 3897 });
      expect(decideReturnRequest(approved(), [existing], command)).toEqual({
        decision: {
          reply: {
            outcome: 'SUCCESS',
            result: { returnId: command.returnId, status: 'PENDING', refundCents: 3897 },
          },
          events: [],
          remember: true,
        },
      });
    });

    it('repeats the rejection of a REJECTED return, and does not count it against itself', () => {
      const command = request([{ sku: 'SKU-001', quantity: 1 }]);
      const existing = returnCancelledBeforeRequested(command);
      expect(decideReturnRequest(approved(), [existing], command)).toEqual({
        decision: {
          reply: {
            outcome: 'BUSINESS_FAILURE',
            error: { code: 'ALREADY_COMPENSATED', message: CANCELLED_BEFORE_REQUESTED },
          },
          events: [],
          remember: true,
        },
      });
    });

    it('refuses a return id that another order holds, writing nothing', () => {
      const command = request([{ sku: 'SKU-001', quantity: 1 }]);
      const elsewhere = recorded('PENDING', command.items, {
        returnId: command.returnId,
        orderId: randomUUID(),
      });
      const outcome = decideReturnRequest(approved(), [elsewhere], command);
      expect(outcome.record).toBeUndefined();
      expect(outcome.decision.reply.error).toEqual({
        code: 'RETURN_NOT_ALLOWED',
        message: `return ${command.returnId} belongs to another order than ${orderId}`,
      });
      expect(outcome.decision.events).toEqual([]);
    });
  });

  it('returnCancelledBeforeRequested: REJECTED, refunding nothing, with the reason and code', () => {
    const command = request([{ sku: 'SKU-001', quantity: 1 }]);
    expect(returnCancelledBeforeRequested(command)).toEqual({
      returnId: command.returnId,
      orderId,
      status: 'REJECTED',
      reason: 'damaged',
      items: command.items,
      refundCents: 0,
      rejectCode: 'ALREADY_COMPENSATED',
      rejectReason: CANCELLED_BEFORE_REQUESTED,
    });
  });
});
