import { validatePayload } from '@app/contracts';
import { summarizeSagaDefinition } from '@app/saga-core';
import { given } from '@app/saga-testing';
import { CANCELLATION_REASON, orderFulfillmentSaga } from './order-fulfillment.saga';
import {
  ORDER_ID,
  orderData,
  PAYMENT_ID,
  replyResults,
  RESERVATION_ID,
} from './testing/order-fulfillment.fixture';

const saga = () => given(orderFulfillmentSaga, orderData, { sagaId: 'saga-1' });

const throughReservation = () =>
  saga()
    .expectCommand('order.create')
    .whenSuccessReply(replyResults['create-order'])
    .expectCommand('inventory.reserve')
    .whenSuccessReply(replyResults['reserve-inventory']);

const throughAuthorization = () =>
  throughReservation().expectCommand('payment.authorize').whenSuccessReply(replyResults['authorize-payment']);

const throughPivot = () =>
  throughAuthorization()
    .expectCommand('shipping.schedule')
    .whenSuccessReply(replyResults['schedule-shipment']);

describe('order-fulfillment saga', () => {
  it('is exactly the DESIGN table', () => {
    expect(
      summarizeSagaDefinition(orderFulfillmentSaga).steps.map((s) => [
        s.name,
        s.command,
        s.compensation,
        s.kind,
      ]),
    ).toEqual([
      ['create-order', 'order.create', 'order.cancel', 'compensatable'],
      ['reserve-inventory', 'inventory.reserve', 'inventory.release', 'compensatable'],
      ['authorize-payment', 'payment.authorize', 'payment.void', 'compensatable'],
      ['schedule-shipment', 'shipping.schedule', null, 'pivot'],
      ['capture-payment', 'payment.capture', null, 'retriable'],
      ['approve-order', 'order.approve', null, 'retriable'],
    ]);
    expect(orderFulfillmentSaga).toMatchObject({ type: 'order-fulfillment', version: 1 });
  });

  it('happy path: every step once, in order, recording what later steps need', () => {
    const run = throughPivot()
      .expectCommand('payment.capture', { orderId: ORDER_ID, paymentId: PAYMENT_ID })
      .whenSuccessReply(replyResults['capture-payment'])
      .expectCommand('order.approve', { orderId: ORDER_ID })
      .whenSuccessReply(replyResults['approve-order'])
      .expectNoCommand()
      .expectStatus('COMPLETED')
      .expectNoDeadline()
      .expectData({ reservationId: RESERVATION_ID, paymentId: PAYMENT_ID, trackingNumber: 'TRK-1' });
    expect(run.instance.steps.map((s) => s.status)).toEqual(Array(6).fill('SUCCEEDED'));
  });

  it('sends payloads that match their contracts', () => {
    const happy = throughPivot()
      .expectCommand('payment.capture')
      .whenSuccessReply(replyResults['capture-payment'])
      .expectCommand('order.approve');
    const compensating = throughAuthorization()
      .expectCommand('shipping.schedule')
      .whenFailureReply({ code: 'SHIPPING_UNAVAILABLE' })
      .expectCommand('payment.void')
      .whenSuccessReply();
    const timedOut = throughReservation().expectCommand('payment.authorize').whenTimeout();
    const commands = [...happy.commands, ...compensating.commands, ...timedOut.commands];
    for (const command of commands) {
      expect({
        command: command.contract.type,
        ...validatePayload(command.contract, command.payload),
      }).toMatchObject({
        command: command.contract.type,
        ok: true,
      });
    }
    expect(new Set(commands.map((c) => c.contract.type)).size).toBe(8);
  });

  describe('business failure compensates the steps before it, in reverse', () => {
    it('at create-order: nothing to undo', () => {
      saga()
        .expectCommand('order.create')
        .whenFailureReply({ code: 'REJECTED' })
        .expectNoCommand()
        .expectStatus('COMPENSATED')
        .expectStepStatus('create-order', 'FAILED')
        .expectStepStatus('approve-order', 'SKIPPED');
    });

    it('at reserve-inventory (out of stock): cancel the order', () => {
      saga()
        .expectCommand('order.create')
        .whenSuccessReply(replyResults['create-order'])
        .expectCommand('inventory.reserve', {
          items: [
            { sku: 'SKU-001', quantity: 2 },
            { sku: 'SKU-002', quantity: 1 },
          ],
        })
        .whenFailureReply({ code: 'INSUFFICIENT_STOCK' })
        .expectCommand('order.cancel', { orderId: ORDER_ID, reason: CANCELLATION_REASON })
        .whenSuccessReply()
        .expectNoCommand()
        .expectStatus('COMPENSATED')
        .expectStepStatus('create-order', 'COMPENSATED')
        .expectStepStatus('reserve-inventory', 'FAILED');
    });

    it('at authorize-payment (declined): release the reservation, then cancel', () => {
      throughReservation()
        .expectCommand('payment.authorize', { amountCents: 3098, currency: 'USD', token: 'tok_visa' })
        .whenFailureReply({ code: 'PAYMENT_DECLINED' })
        .expectCommand('inventory.release', { orderId: ORDER_ID, reservationId: RESERVATION_ID })
        .whenSuccessReply()
        .expectCommand('order.cancel')
        .whenSuccessReply()
        .expectNoCommand()
        .expectStatus('COMPENSATED');
    });

    it('at schedule-shipment, the pivot (unsupported country): void, release, cancel', () => {
      throughAuthorization()
        .expectCommand('shipping.schedule', { address: { country: 'US' } })
        .whenFailureReply({ code: 'SHIPPING_UNAVAILABLE' })
        .expectCommand('payment.void', { orderId: ORDER_ID, paymentId: PAYMENT_ID })
        .whenSuccessReply()
        .expectCommand('inventory.release')
        .whenSuccessReply()
        .expectCommand('order.cancel')
        .whenSuccessReply()
        .expectNoCommand()
        .expectStatus('COMPENSATED')
        .expectStepStatus('schedule-shipment', 'FAILED')
        .expectStepStatus('capture-payment', 'SKIPPED')
        .expectStepStatus('approve-order', 'SKIPPED');
    });
  });

  describe('transient failures', () => {
    it('retry the step with backoff, then carry on (tok_processingError)', () => {
      throughReservation()
        .expectCommand('payment.authorize')
        .whenTransientReply({ code: 'PROCESSING_ERROR' })
        .expectDeadline('retry-backoff')
        .expectNoCommand()
        .whenBackoffElapses()
        .expectCommand('payment.authorize')
        .whenTransientReply({ code: 'PROCESSING_ERROR' })
        .whenBackoffElapses()
        .expectCommand('payment.authorize')
        .whenSuccessReply(replyResults['authorize-payment'])
        .expectCommand('shipping.schedule')
        .expectStepStatus('authorize-payment', 'SUCCEEDED')
        .expectTimeline(
          'retry-scheduled',
          'command-sent',
          'retry-scheduled',
          'command-sent',
          'reply-received',
        );
    });

    it('compensate once the retries are exhausted', () => {
      let run = throughReservation();
      for (let attempt = 1; attempt < 4; attempt++) {
        run = run.expectCommand('payment.authorize').whenTransientReply().whenBackoffElapses();
      }
      run
        .expectCommand('payment.authorize')
        .whenTransientReply()
        .expectTimeline('retries-exhausted')
        .expectCommand('inventory.release')
        .whenSuccessReply()
        .expectCommand('order.cancel')
        .whenSuccessReply()
        .expectStatus('COMPENSATED')
        .expectStepStatus('authorize-payment', 'FAILED');
      expect(run.instance.steps[2].attempts).toBe(4);
    });
  });

  it('payment down for a minute: authorize waits undelivered, then completes; no compensation', () => {
    throughReservation()
      .expectCommand('payment.authorize')
      .whenTimeoutFindsCommandUndelivered(1_000)
      .expectTimeline('command-queued')
      .expectDeadline('awaiting-delivery', 1_000)
      .whenTimeoutFindsCommandUndelivered(15_000)
      .expectDeadline('awaiting-delivery', 15_000)
      .whenCommandDelivered()
      .expectTimeline('command-delivered')
      .expectDeadline('timeout', 5_000)
      .whenSuccessReply(replyResults['authorize-payment'])
      .expectCommand('shipping.schedule')
      .expectStatus('RUNNING')
      .expectStepStatus('authorize-payment', 'SUCCEEDED');
  });

  it('timeout at authorize-payment (tok_timeout): the outcome is unknown, so void it too, then release and cancel', () => {
    throughReservation()
      .expectCommand('payment.authorize')
      .expectDeadline('timeout', 5_000)
      .whenTimeout()
      .expectTimeline('timeout', 'compensation-started')
      .expectCommand('payment.void', { orderId: ORDER_ID, paymentId: undefined })
      .whenSuccessReply()
      .expectCommand('inventory.release', { reservationId: RESERVATION_ID })
      .whenSuccessReply()
      .expectCommand('order.cancel')
      .whenSuccessReply()
      .expectNoCommand()
      .expectStatus('COMPENSATED')
      .expectStepStatus('authorize-payment', 'COMPENSATED');
  });

  it('a compensation that fails twice is retried and then succeeds', () => {
    throughReservation()
      .expectCommand('payment.authorize')
      .whenFailureReply({ code: 'PAYMENT_DECLINED' })
      .expectCommand('inventory.release')
      .whenTransientReply()
      .expectDeadline('retry-backoff')
      .whenBackoffElapses()
      .expectCommand('inventory.release')
      .whenTimeout()
      .whenBackoffElapses()
      .expectCommand('inventory.release')
      .whenSuccessReply()
      .expectCommand('order.cancel')
      .whenSuccessReply()
      .expectStatus('COMPENSATED')
      .expectStepStatus('reserve-inventory', 'COMPENSATED');
  });

  it('a compensation that exhausts its retries fails the saga; an operator retry resumes it', () => {
    let run = throughReservation()
      .expectCommand('payment.authorize')
      .whenFailureReply({ code: 'PAYMENT_DECLINED' });
    for (let attempt = 1; attempt < 10; attempt++) {
      run = run
        .expectCommand('inventory.release')
        .whenTransientReply({ code: 'DB_DOWN' })
        .whenBackoffElapses();
    }
    run
      .expectCommand('inventory.release')
      .whenTransientReply({ code: 'DB_DOWN' })
      .expectNoCommand()
      .expectNoDeadline()
      .expectStatus('FAILED')
      .expectStepStatus('reserve-inventory', 'COMPENSATION_FAILED')
      .expectStepStatus('create-order', 'SUCCEEDED')
      .whenOperatorAbort('give up')
      .expectRejected('SAGA_TERMINAL')
      .whenOperatorRetry('inventory database is back')
      .expectTimeline('retries-exhausted', 'saga-finished', 'operator-retry')
      .expectCommand('inventory.release', { reservationId: RESERVATION_ID })
      .whenSuccessReply()
      .expectCommand('order.cancel')
      .whenSuccessReply()
      .expectStatus('COMPENSATED');
    expect(run.instance.steps[1]).toMatchObject({ status: 'COMPENSATED', compensationAttempts: 1 });
  });

  it('after the pivot, capture and approve retry on every kind of failure and are never compensated', () => {
    const run = throughPivot()
      .expectCommand('payment.capture')
      .whenFailureReply({ code: 'CAPTURE_REJECTED' })
      .whenBackoffElapses()
      .expectCommand('payment.capture')
      .whenTransientReply()
      .whenBackoffElapses()
      .expectCommand('payment.capture')
      .whenTimeout()
      .expectStatus('RUNNING')
      .whenBackoffElapses()
      .expectCommand('payment.capture')
      .whenSuccessReply(replyResults['capture-payment'])
      .expectCommand('order.approve')
      .whenTransientReply()
      .whenOperatorRetry('approve now')
      .expectCommand('order.approve')
      .whenSuccessReply(replyResults['approve-order'])
      .expectStatus('COMPLETED');
    expect(run.commands.filter((c) => c.compensation)).toEqual([]);
    expect(run.instance.steps[4].attempts).toBe(4);
  });

  it('a retriable step keeps retrying far beyond the transient limit, with backoff capped at 30 s', () => {
    let run = throughPivot();
    for (let attempt = 1; attempt <= 20; attempt++) {
      run = run.expectCommand('payment.capture').whenTransientReply().expectDeadline('retry-backoff');
      const waitMs = Date.parse(run.instance.deadline?.at ?? '') - run.clock.now().getTime();
      expect(waitMs).toBeLessThanOrEqual(30_000);
      run = run.whenBackoffElapses();
    }
    run
      .expectCommand('payment.capture')
      .whenSuccessReply()
      .expectCommand('order.approve')
      .expectStatus('RUNNING');
  });

  describe('duplicate and late replies change nothing', () => {
    it('a redelivered reply is a duplicate', () => {
      throughReservation()
        .whenReplyRedelivered()
        .expectIgnored('duplicate-reply')
        .expectCommand('payment.authorize')
        .expectNoCommand()
        .expectStepStatus('reserve-inventory', 'SUCCEEDED');
    });

    it('an authorization that answers after its timeout is late; the void still runs', () => {
      throughReservation()
        .expectCommand('payment.authorize')
        .whenTimeout()
        .expectCommand('payment.void')
        .whenSuccessReply(replyResults['authorize-payment'], { to: 'payment.authorize' })
        .expectIgnored('late-reply')
        .expectNoCommand()
        .expectStatus('COMPENSATING')
        .expectData({ paymentId: undefined })
        .whenSuccessReply()
        .expectCommand('inventory.release');
    });

    it('a reply to a finished saga is ignored', () => {
      saga()
        .expectCommand('order.create')
        .whenFailureReply({ code: 'REJECTED' })
        .expectStatus('COMPENSATED')
        .whenReplyRedelivered()
        .expectIgnored('duplicate-reply')
        .expectStatus('COMPENSATED');
    });
  });

  describe('operator abort', () => {
    it('before the pivot compensates, including the step in flight', () => {
      throughReservation()
        .expectCommand('payment.authorize')
        .whenOperatorAbort('customer cancelled by phone')
        .expectTimeline('operator-abort', 'compensation-started')
        .expectCommand('payment.void')
        .whenSuccessReply()
        .expectCommand('inventory.release')
        .whenSuccessReply()
        .expectCommand('order.cancel')
        .whenSuccessReply()
        .expectStatus('COMPENSATED');
    });

    it('is refused once the pivot has been sent', () => {
      throughAuthorization()
        .expectCommand('shipping.schedule')
        .whenOperatorAbort('too late')
        .expectRejected('PAST_PIVOT')
        .expectNoCommand()
        .expectStatus('RUNNING')
        .whenSuccessReply(replyResults['schedule-shipment'])
        .expectCommand('payment.capture')
        .whenOperatorAbort('still too late')
        .expectRejected('PAST_PIVOT');
    });
  });
});
