import { CancelOrderCommand, CancelOrderReply, OrderCreatedEvent, defineContract } from '@app/contracts';
import { replyAddressOf } from './reply-contract';

describe('replyAddressOf', () => {
  it('is the reply contract the command declares', () => {
    expect(replyAddressOf(CancelOrderCommand)).toEqual({
      type: CancelOrderReply.type,
      subject: CancelOrderReply.subject,
      version: CancelOrderReply.version,
    });
  });

  it('follows the naming rule for a command that declares none: <type>.reply on saga.reply.<service>.<action>, same version', () => {
    const undeclared = defineContract({
      type: 'stock.recount',
      kind: 'command',
      subject: 'saga.cmd.stock.recount',
      version: 2,
      payload: class RecountPayload {},
      description: 'A command without a declared result (test only).',
    });
    expect(replyAddressOf(undeclared)).toEqual({
      type: 'stock.recount.reply',
      subject: 'saga.reply.stock.recount',
      version: 2,
    });
  });

  it('refuses what is not a saga command', () => {
    expect(() => replyAddressOf(OrderCreatedEvent)).toThrow(
      'order.order.created is not a saga command (kind event, subject events.order.order.created.v1)',
    );
  });
});
