import { defineCommand, defineEvent, defineQuery, defineReply } from '../contract-builders';
import { DeadLetterEvent } from '../dead-letter/dead-letter';
import { defineContract, type MessageContract } from '../message-contract';
import { ReplyPayload } from '../replies/reply-payload';
import { checkContractRules } from './check-contract-rules';

class Payload {
  returnId!: string;
}
class Result {
  returnId!: string;
}
class RefundReplyPayload extends ReplyPayload {}

const StartReturn = defineContract({
  type: 'saga.start.order-return',
  kind: 'start',
  subject: 'saga.start.order-return',
  version: 1,
  payload: Payload,
  description: 'test',
});
const Refund = defineCommand({ service: 'payment', action: 'refund', payload: Payload, description: 'test' });
const RefundReply = defineReply(Refund, RefundReplyPayload, 'test');
const Refunded = defineEvent({
  service: 'payment',
  entity: 'payment',
  action: 'refunded',
  payload: Payload,
  description: 'test',
});
const GetReturn = defineQuery({
  service: 'order',
  name: 'get-return',
  payload: Payload,
  result: Result,
  description: 'test',
});
const valid: MessageContract[] = [StartReturn, Refund, RefundReply, Refunded, GetReturn];

/** A contract like `contract` with `changes`, as a hand-written contract could be. */
function altered(contract: MessageContract, changes: Partial<MessageContract>): MessageContract {
  return { ...contract, ...changes } as MessageContract;
}

describe('checkContractRules', () => {
  it('finds nothing wrong with contracts built by the builders, the dead letters included', () => {
    expect(checkContractRules([...valid, DeadLetterEvent])).toEqual([]);
  });

  it('counts a contract listed twice once', () => {
    expect(checkContractRules([...valid, Refund, RefundReply])).toEqual([]);
  });

  it('refuses a subject that does not follow from the type', () => {
    const contracts = [
      altered(StartReturn, { subject: 'saga.begin.order-return' }),
      altered(Refund, { subject: 'saga.cmd.payments.refund' }),
      altered(RefundReply, { subject: 'saga.cmd.payment.refund' }),
      altered(Refunded, { subject: 'events.payment.payment.refunded' }),
      altered(GetReturn, { subject: 'query.order.return' }),
    ];

    expect(checkContractRules(contracts)).toEqual([
      'start saga.start.order-return v1: subject is saga.begin.order-return, the naming rules say saga.start.order-return',
      'command payment.refund v1: subject is saga.cmd.payments.refund, the naming rules say saga.cmd.payment.refund',
      'reply payment.refund.reply v1: subject is saga.cmd.payment.refund, the naming rules say saga.reply.payment.refund',
      'event payment.payment.refunded v1: subject is events.payment.payment.refunded, the naming rules say events.payment.payment.refunded.v1',
      'query query.order.get-return v1: subject is query.order.return, the naming rules say query.order.get-return',
    ]);
  });

  it.each([
    ['start', altered(StartReturn, { type: 'start.order-return', subject: 'start.order-return' })],
    ['command', altered(Refund, { type: 'payment.refund.now', subject: 'saga.cmd.payment.refund.now' })],
    ['command', altered(Refund, { type: 'Payment.Refund', subject: 'saga.cmd.Payment.Refund' })],
    ['command', altered(Refund, { type: 'payment.refund_', subject: 'saga.cmd.payment.refund_' })],
    ['event', altered(Refunded, { type: 'payment.refunded', subject: 'events.payment.refunded.v1' })],
    ['query', altered(GetReturn, { type: 'order.get-return', subject: 'order.get-return' })],
  ])('refuses a %s type of the wrong shape', (kind, contract) => {
    const problems = checkContractRules([contract]).filter((problem) => !problem.includes('no reply'));

    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${kind} .*: a ${kind} type reads `))]);
  });

  it('refuses a version that is not a positive integer', () => {
    const contracts = [altered(Refunded, { version: 0, subject: 'events.payment.payment.refunded.v0' })];

    expect(checkContractRules(contracts)).toEqual([
      'event payment.payment.refunded v0: version must be a positive integer',
    ]);
  });

  it('refuses two contracts under one type and version, or one subject and version', () => {
    const sameType = altered(Refunded, { description: 'another' });
    const sameSubject = altered(GetReturn, { type: 'query.order.get-return-v2', description: 'another' });

    expect(checkContractRules([...valid, sameType, sameSubject])).toEqual([
      'query query.order.get-return-v2 v1: subject is query.order.get-return, the naming rules say query.order.get-return-v2',
      '2 contracts share type payment.payment.refunded v1',
      '2 contracts share subject events.payment.payment.refunded.v1 v1',
      '2 contracts share subject query.order.get-return v1',
    ]);
  });

  it('refuses a command without its reply and a reply without its command, version by version', () => {
    const RefundV2 = defineCommand({
      service: 'payment',
      action: 'refund',
      payload: Payload,
      description: 'test',
      version: 2,
    });

    expect(checkContractRules([Refund, RefundV2, RefundReply])).toEqual([
      'command payment.refund v2: no reply contract payment.refund.reply v2',
    ]);
    expect(checkContractRules([RefundReply])).toEqual([
      'reply payment.refund.reply v1: no command contract payment.refund v1',
    ]);
  });

  it('checks the reply a command carries with it as if it were listed', () => {
    const carrying = Object.freeze({ ...Refund, reply: RefundReply });
    const carryingBadReply = Object.freeze({
      ...Refund,
      reply: altered(RefundReply, { subject: 'saga.reply.refund' }),
    });

    expect(checkContractRules([carrying])).toEqual([]);
    expect(checkContractRules([carryingBadReply])).toEqual([
      'reply payment.refund.reply v1: subject is saga.reply.refund, the naming rules say saga.reply.payment.refund',
    ]);
  });

  it('refuses a reply whose payload is not a ReplyPayload, and a query without a result class', () => {
    const bareReply = altered(RefundReply, { payload: Payload });
    const { result: _result, ...resultless } = GetReturn;

    expect(checkContractRules([Refund, bareReply, resultless])).toEqual([
      'reply payment.refund.reply v1: its payload class does not extend ReplyPayload',
      'query query.order.get-return v1: a query contract needs a result class',
    ]);
  });
});
