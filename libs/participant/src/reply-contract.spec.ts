import { CancelOrderCommand, CancelOrderReply, OrderCreatedEvent } from '@app/contracts';
import { replyAddressOf } from './reply-contract';

describe('replyAddressOf', () => {
  it("is the command's reply contract: <type>.reply on saga.reply.<service>.<action>, same version", () => {
    expect(replyAddressOf(CancelOrderCommand)).toEqual({
      type: CancelOrderReply.type,
      subject: CancelOrderReply.subject,
      version: CancelOrderReply.version,
    });
  });

  it('follows the command to a later version', () => {
    const v2 = { ...CancelOrderCommand, version: 2 };
    expect(replyAddressOf(v2)).toEqual({
      type: 'order.cancel.reply',
      subject: 'saga.reply.order.cancel',
      version: 2,
    });
  });

  it('refuses what is not a saga command', () => {
    expect(() => replyAddressOf(OrderCreatedEvent)).toThrow(
      'order.order.created is not a saga command (kind event, subject events.order.order.created.v1)',
    );
  });
});
