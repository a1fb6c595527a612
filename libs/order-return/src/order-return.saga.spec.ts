import { validatePayload } from '@app/contracts';
import { summarizeSagaDefinition } from '@app/saga-core';
import { given, verifySagaDefinition } from '@app/saga-testing';
import { OrderReturnFailureCodes } from './contracts';
import {
  orderReturnSaga,
  RETURN_CANCELLATION_REASON,
  RETURN_PARTICIPANT_TIMEOUT_MS,
} from './order-return.saga';
import { ORDER_ID, REFUND_CENTS, replyResults, RETURN_ID, returnData } from './testing/order-return.fixture';

const saga = () => given(orderReturnSaga, returnData, { sagaId: 'saga-1' });

const throughRequest = () =>
  saga().expectCommand('order.request-return').whenSuccessReply(replyResults['request-return']);

const throughRefund = () =>
  throughRequest().expectCommand('payment.refund').whenSuccessReply(replyResults['refund-payment']);

const throughRestock = () =>
  throughRefund().expectCommand('inventory.restock').whenSuccessReply(replyResults['restock-inventory']);

const ITEMS = [
  { sku: 'SKU-001', quantity: 2 },
  { sku: 'SKU-002', quantity: 1 },
];

describe('order-return saga', () => {
  it('is exactly the DESIGN table', () => {
    expect(
      summarizeSagaDefinition(orderReturnSaga).steps.map((s) => [s.name, s.command, s.compensation, s.kind]),
    ).toEqual([
      ['request-return', 'order.request-return', 'order.cancel-return', 'compensatable'],
      ['refund-payment', 'payment.refund', null, 'pivot'],
      ['restock-inventory', 'inventory.restock', null, 'retriable'],
      ['complete-return', 'order.complete-return', null, 'retriable'],
    ]);
    expect(orderReturnSaga).toMatchObject({ type: 'order-return', version: 1 });
  });

  it('refunded: every step once, in order, refunding what request-return priced', () => {
    const run = saga()
      .expectCommand('order.request-return', {
        returnId: RETURN_ID,
        orderId: ORDER_ID,
        items: ITEMS,
        reason: 'damaged in transit',
      })
      .whenSuccessReply(replyResults['request-return'])
      .expectData({ refundCents: REFUND_CENTS })
      .expectCommand('payment.refund', { returnId: RETURN_ID, orderId: ORDER_ID, amountCents: REFUND_CENTS })
      .whenSuccessReply(replyResults['refund-payment'])
      .expectCommand('inventory.restock', { returnId: RETURN_ID, orderId: ORDER_ID, items: ITEMS })
      .whenSuccessReply(replyResults['restock-inventory'])
      .expectCommand('order.complete-return', { returnId: RETURN_ID, orderId: ORDER_ID })
      .whenSuccessReply(replyResults['complete-return'])
      .expectNoCommand()
      .expectStatus('COMPLETED')
      .expectNoDeadline();
    expect(run.instance.steps.map((s) => s.status)).toEqual(Array(4).fill('SUCCEEDED'));
    expect(run.commands).toHaveLength(4);
  });

  it('refunds nothing for a return of free items, but still runs every step', () => {
    saga()
      .expectCommand('order.request-return')
      .whenSuccessReply({ returnId: RETURN_ID, status: 'PENDING', refundCents: 0 })
      .expectCommand('payment.refund', { amountCents: 0 })
      .whenSuccessReply({ ...replyResults['refund-payment'], refundedCents: 0 })
      .expectCommand('inventory.restock')
      .whenSuccessReply(replyResults['restock-inventory'])
      .expectCommand('order.complete-return')
      .whenSuccessReply(replyResults['complete-return'])
      .expectStatus('COMPLETED');
  });

  it('sends payloads that match their contracts', () => {
    const refunded = throughRestock()
      .expectCommand('order.complete-return')
      .whenSuccessReply(replyResults['complete-return']);
    const declined = throughRequest()
      .expectCommand('payment.refund')
      .whenFailureReply({ code: OrderReturnFailureCodes.REFUND_DECLINED })
      .expectCommand('order.cancel-return');
    const commands = [...refunded.commands, ...declined.commands];
    for (const command of commands) {
      expect({
        command: command.contract.type,
        ...validatePayload(command.contract, command.payload),
      }).toMatchObject({ command: command.contract.type, ok: true });
    }
    expect(new Set(commands.map((c) => c.contract.type)).size).toBe(5);
  });

  describe('a refused request: recorded REJECTED by the order service, nothing to undo', () => {
    it.each([OrderReturnFailureCodes.RETURN_NOT_ALLOWED, OrderReturnFailureCodes.RETURN_EXCEEDS_ORDER])(
      '%s compensates at once without a command',
      (code) => {
        const run = saga()
          .expectCommand('order.request-return')
          .whenFailureReply({ code })
          .expectNoCommand()
          .expectNoDeadline()
          .expectStatus('COMPENSATED')
          .expectStepStatus('request-return', 'FAILED')
          .expectStepStatus('refund-payment', 'SKIPPED')
          .expectStepStatus('restock-inventory', 'SKIPPED')
          .expectStepStatus('complete-return', 'SKIPPED')
          .expectData({ refundCents: undefined });
        expect(run.commands.map((c) => c.contract.type)).toEqual(['order.request-return']);
        expect(run.instance.steps[0].error).toMatchObject({ code });
      },
    );
  });

  describe('a refused refund rejects the return', () => {
    it.each([OrderReturnFailureCodes.REFUND_DECLINED, OrderReturnFailureCodes.REFUND_EXCEEDS_CAPTURE])(
      '%s: cancel-return, then COMPENSATED; no stock comes back',
      (code) => {
        const run = throughRequest()
          .expectCommand('payment.refund', { amountCents: REFUND_CENTS })
          .whenFailureReply({ code })
          .expectTimeline('compensation-started')
          .expectCommand('order.cancel-return', {
            returnId: RETURN_ID,
            orderId: ORDER_ID,
            reason: RETURN_CANCELLATION_REASON,
          })
          .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' })
          .expectNoCommand()
          .expectStatus('COMPENSATED')
          .expectStepStatus('request-return', 'COMPENSATED')
          .expectStepStatus('refund-payment', 'FAILED')
          .expectStepStatus('restock-inventory', 'SKIPPED')
          .expectStepStatus('complete-return', 'SKIPPED');
        expect(run.commands.some((c) => c.contract.type === 'inventory.restock')).toBe(false);
      },
    );

    it('a cancel-return that fails transiently is retried until it succeeds', () => {
      throughRequest()
        .expectCommand('payment.refund')
        .whenFailureReply({ code: OrderReturnFailureCodes.REFUND_DECLINED })
        .expectCommand('order.cancel-return')
        .whenTransientReply({ code: 'DB_DOWN' })
        .expectDeadline('retry-backoff')
        .whenBackoffElapses()
        .expectCommand('order.cancel-return')
        .whenTimeout()
        .whenBackoffElapses()
        .expectCommand('order.cancel-return')
        .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' })
        .expectStatus('COMPENSATED')
        .expectStepStatus('request-return', 'COMPENSATED');
    });

    it('a cancel-return that exhausts its retries fails the saga for an operator, who resumes it', () => {
      let run = throughRequest()
        .expectCommand('payment.refund')
        .whenFailureReply({ code: OrderReturnFailureCodes.REFUND_DECLINED });
      for (let attempt = 1; attempt < 10; attempt++) {
        run = run.expectCommand('order.cancel-return').whenTransientReply().whenBackoffElapses();
      }
      run
        .expectCommand('order.cancel-return')
        .whenTransientReply()
        .expectNoCommand()
        .expectStatus('FAILED')
        .expectStepStatus('request-return', 'COMPENSATION_FAILED')
        .whenOperatorRetry('order database is back')
        .expectCommand('order.cancel-return')
        .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' })
        .expectStatus('COMPENSATED');
    });
  });

  describe('timeouts', () => {
    it(`request-return unanswered for ${RETURN_PARTICIPANT_TIMEOUT_MS} ms: cancel it too, since it may have been recorded`, () => {
      saga()
        .expectCommand('order.request-return')
        .expectDeadline('timeout', RETURN_PARTICIPANT_TIMEOUT_MS)
        .whenTimeout()
        .expectTimeline('timeout', 'compensation-started')
        .expectCommand('order.cancel-return', { returnId: RETURN_ID, reason: RETURN_CANCELLATION_REASON })
        .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' })
        .expectNoCommand()
        .expectStatus('COMPENSATED')
        .expectStepStatus('request-return', 'COMPENSATED');
    });

    it('an unanswered refund is resent with the same amount (never compensated: money may have left), then completes', () => {
      throughRequest()
        .expectCommand('payment.refund', { amountCents: REFUND_CENTS })
        .expectDeadline('timeout', RETURN_PARTICIPANT_TIMEOUT_MS)
        .whenTimeout()
        .expectNoCommand()
        .expectDeadline('retry-backoff')
        .whenBackoffElapses()
        .expectCommand('payment.refund', { amountCents: REFUND_CENTS })
        .whenSuccessReply(replyResults['refund-payment'])
        .expectCommand('inventory.restock')
        .expectStatus('RUNNING')
        .expectStepStatus('refund-payment', 'SUCCEEDED');
    });

    it('a refund unanswered on every attempt leaves the saga FAILED for an operator, the return still held', () => {
      let run = throughRequest();
      for (let attempt = 1; attempt < 4; attempt++) {
        run = run.expectCommand('payment.refund').whenTimeout().whenBackoffElapses();
      }
      run = run
        .expectCommand('payment.refund')
        .whenTimeout()
        .expectTimeline('retries-exhausted', 'saga-finished')
        .expectNoCommand()
        .expectNoDeadline()
        .expectStatus('FAILED')
        .expectStepStatus('refund-payment', 'FAILED')
        .expectStepStatus('request-return', 'SUCCEEDED');
      expect(run.commands.filter((c) => c.compensation)).toEqual([]);
      expect(run.instance.steps[1].attempts).toBe(4);

      run
        .whenOperatorAbort('customer gave up')
        .expectRejected('SAGA_TERMINAL')
        .whenOperatorRetry('payment processor is back')
        .expectCommand('payment.refund', { amountCents: REFUND_CENTS })
        .whenSuccessReply(replyResults['refund-payment'])
        .expectCommand('inventory.restock')
        .expectStatus('RUNNING');
    });

    it('a refund that fails transiently is retried before the saga gives up on it', () => {
      throughRequest()
        .expectCommand('payment.refund')
        .whenTransientReply({ code: 'PROCESSING_ERROR' })
        .expectDeadline('retry-backoff')
        .whenBackoffElapses()
        .expectCommand('payment.refund')
        .whenSuccessReply(replyResults['refund-payment'])
        .expectCommand('inventory.restock')
        .expectTimeline('retry-scheduled', 'command-sent', 'reply-received');
    });
  });

  describe('after the refund, restock and complete retry on every kind of failure until done', () => {
    it('restock-inventory: business, transient and timeout failures, then success', () => {
      const run = throughRefund()
        .expectCommand('inventory.restock')
        .whenFailureReply({ code: 'UNKNOWN_SKU' })
        .whenBackoffElapses()
        .expectCommand('inventory.restock')
        .whenTransientReply()
        .whenBackoffElapses()
        .expectCommand('inventory.restock')
        .whenTimeout()
        .expectStatus('RUNNING')
        .whenBackoffElapses()
        .expectCommand('inventory.restock')
        .whenSuccessReply(replyResults['restock-inventory'])
        .expectCommand('order.complete-return')
        .whenSuccessReply(replyResults['complete-return'])
        .expectStatus('COMPLETED');
      expect(run.commands.filter((c) => c.compensation)).toEqual([]);
      expect(run.instance.steps[2].attempts).toBe(4);
    });

    it('complete-return keeps retrying far beyond the transient limit, with backoff capped at 30 s', () => {
      let run = throughRestock();
      for (let attempt = 1; attempt <= 20; attempt++) {
        run = run.expectCommand('order.complete-return').whenTransientReply().expectDeadline('retry-backoff');
        const waitMs = Date.parse(run.instance.deadline?.at ?? '') - run.clock.now().getTime();
        expect(waitMs).toBeLessThanOrEqual(30_000);
        run = run.whenBackoffElapses();
      }
      run
        .expectCommand('order.complete-return')
        .whenSuccessReply(replyResults['complete-return'])
        .expectNoCommand()
        .expectStatus('COMPLETED');
      expect(run.instance.steps[3].attempts).toBe(21);
      expect(run.commands.filter((c) => c.compensation)).toEqual([]);
    });

    it('an operator retry sends a waiting step at once', () => {
      throughRestock()
        .expectCommand('order.complete-return')
        .whenTransientReply()
        .whenOperatorRetry('complete now')
        .expectCommand('order.complete-return')
        .whenSuccessReply(replyResults['complete-return'])
        .expectStatus('COMPLETED');
    });
  });

  describe('duplicate and out-of-order replies change nothing', () => {
    it("request-return's reply redelivered while the refund is in flight is a duplicate", () => {
      throughRequest()
        .expectCommand('payment.refund')
        .whenReplyRedelivered()
        .expectIgnored('duplicate-reply')
        .expectNoCommand()
        .expectStepStatus('request-return', 'SUCCEEDED')
        .expectStepStatus('refund-payment', 'RUNNING');
    });

    it("the refund's reply redelivered after restock was sent refunds nothing more", () => {
      const run = throughRefund()
        .expectCommand('inventory.restock')
        .whenReplyRedelivered()
        .expectIgnored('duplicate-reply')
        .expectNoCommand();
      expect(run.commands.filter((c) => c.contract.type === 'payment.refund')).toHaveLength(1);
    });

    it('a refusal of an already refunded return, arriving after the success, is ignored', () => {
      throughRefund()
        .expectCommand('inventory.restock')
        .whenFailureReply({ code: OrderReturnFailureCodes.REFUND_DECLINED }, { to: 'payment.refund' })
        .expectIgnored('duplicate-reply')
        .expectNoCommand()
        .expectStatus('RUNNING')
        .expectStepStatus('refund-payment', 'SUCCEEDED');
    });

    it('a request-return that answers after its timeout is late: the return is still cancelled', () => {
      saga()
        .expectCommand('order.request-return')
        .whenTimeout()
        .expectCommand('order.cancel-return')
        .whenSuccessReply(replyResults['request-return'], { to: 'order.request-return' })
        .expectIgnored('late-reply')
        .expectNoCommand()
        .expectStatus('COMPENSATING')
        .expectData({ refundCents: undefined })
        .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' }, { to: 'order.cancel-return' })
        .expectStatus('COMPENSATED');
    });

    it('a reply to a finished saga is ignored', () => {
      throughRestock()
        .expectCommand('order.complete-return')
        .whenSuccessReply(replyResults['complete-return'])
        .expectStatus('COMPLETED')
        .whenReplyRedelivered()
        .expectIgnored('duplicate-reply')
        .expectStatus('COMPLETED');
    });
  });

  describe('operator abort', () => {
    it('while request-return is in flight cancels the return', () => {
      saga()
        .expectCommand('order.request-return')
        .whenOperatorAbort('customer withdrew the return')
        .expectTimeline('operator-abort', 'compensation-started')
        .expectCommand('order.cancel-return')
        .whenSuccessReply({ returnId: RETURN_ID, status: 'REJECTED' })
        .expectStatus('COMPENSATED');
    });

    it('is refused once the refund has been sent', () => {
      throughRequest()
        .expectCommand('payment.refund')
        .whenOperatorAbort('too late')
        .expectRejected('PAST_PIVOT')
        .expectNoCommand()
        .expectStatus('RUNNING');
    });
  });

  it('passes the verifier at every failure point', () => {
    const report = verifySagaDefinition(orderReturnSaga, returnData, { results: replyResults });
    expect(report.notes).toEqual([]);
    // happy path; per step 1–2: business failure, exhausted transient retries, timeout;
    // per retriable step: 3 kinds of failure; per compensation: exhausted retries.
    expect(report.scenarios).toHaveLength(1 + 2 * 3 + 2 * 3 + 1);
    expect(report.scenarios.filter((s) => s.status === 'FAILED').map((s) => s.name)).toEqual([
      'timeout at refund-payment',
      'compensation of request-return fails 10× (retries exhausted)',
    ]);
    const commandsOf = (name: string) => report.scenarios.find((s) => s.name === name)?.commands.join(' → ');
    expect(commandsOf('business failure at refund-payment')).toBe(
      'order.request-return → payment.refund → order.cancel-return (compensation)',
    );
  });
});
