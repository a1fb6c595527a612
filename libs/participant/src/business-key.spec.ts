import type { Envelope } from '@app/contracts';
import { businessKeyOf } from './business-key';

const command = (payload: unknown, businessKey?: string): Envelope<unknown> => ({
  subject: 'saga.cmd.payment.refund',
  messageId: 'm-1',
  type: 'payment.refund',
  version: 1,
  correlationId: 'c-1',
  occurredAt: '2026-01-01T00:00:00.000Z',
  businessKey,
  payload,
});

describe('businessKeyOf', () => {
  it("is the sending saga's business key when the header came with the command", () => {
    expect(businessKeyOf(command({ orderId: 'order-1', returnId: 'return-1' }, 'return-1'))).toBe('return-1');
  });

  it("falls back to the payload's order id for a command sent before the header existed", () => {
    expect(businessKeyOf(command({ orderId: 'order-1' }))).toBe('order-1');
    expect(businessKeyOf(command({ orderId: 'order-1' }, ''))).toBe('order-1');
  });

  it('is undefined when the command carries neither', () => {
    expect(businessKeyOf(command({ returnId: 'return-1' }))).toBeUndefined();
    expect(businessKeyOf(command({ orderId: 42 }))).toBeUndefined();
    expect(businessKeyOf(command({ orderId: '' }))).toBeUndefined();
    expect(businessKeyOf(command(null))).toBeUndefined();
  });
});
