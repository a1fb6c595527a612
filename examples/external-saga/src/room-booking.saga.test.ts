import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePayload } from '@saga-orchestrator/contracts';
import { given, SagaExpectationError, verifySagaDefinition } from '@saga-orchestrator/saga-testing';
import { ReserveRoomCommand } from './contracts/reserve-room.command';
import type { RoomBookingData } from './room-booking.data';
import { roomBookingSaga } from './room-booking.saga';

const booking: RoomBookingData = { bookingId: 'bk-1', roomType: 'double', nights: 3, amountCents: 45_000 };

const roomReserved = () =>
  given(roomBookingSaga, booking)
    .expectCommand('hotel.reserve-room', { bookingId: 'bk-1', roomType: 'double', nights: 3 })
    .whenSuccessReply({ reservationId: 'res-7' });

describe('room-booking saga', () => {
  it('books, charges and confirms', () => {
    roomReserved()
      .expectCommand('billing.charge-card', { bookingId: 'bk-1', amountCents: 45_000 })
      .whenSuccessReply({ chargeId: 'ch-9' })
      .expectCommand('mail.send-confirmation', { bookingId: 'bk-1', roomType: 'double', nights: 3 })
      .whenSuccessReply()
      .expectStatus('COMPLETED')
      .expectData({ reservationId: 'res-7', chargeId: 'ch-9' });
  });

  it('gives the room back when the card is declined', () => {
    roomReserved()
      .expectCommand('billing.charge-card')
      .whenFailureReply({ code: 'CARD_DECLINED' })
      .expectCommand('hotel.release-room', { bookingId: 'bk-1', reservationId: 'res-7' })
      .whenSuccessReply()
      .expectStatus('COMPENSATED')
      .expectStepStatus('reserve-room', 'COMPENSATED');
  });

  it('keeps a charged booking and retries the mail until it goes out', () => {
    roomReserved()
      .expectCommand('billing.charge-card')
      .whenSuccessReply({ chargeId: 'ch-9' })
      .expectCommand('mail.send-confirmation')
      .whenTransientReply({ code: 'SMTP_DOWN' })
      .whenBackoffElapses()
      .expectCommand('mail.send-confirmation')
      .whenSuccessReply()
      .expectStatus('COMPLETED');
  });

  it('fails a scenario whose expectation the saga does not meet', () => {
    assert.throws(
      () => given(roomBookingSaga, booking).expectCommand('billing.charge-card'),
      SagaExpectationError,
    );
  });

  it('passes the verifier: every failure point compensates what came before it', () => {
    const report = verifySagaDefinition(roomBookingSaga, booking, {
      results: { 'reserve-room': { reservationId: 'res-7' }, 'charge-card': { chargeId: 'ch-9' } },
    });
    assert.equal(report.saga, 'room-booking v1');
    assert.ok(report.scenarios.length >= 3, `scenarios: ${JSON.stringify(report.scenarios)}`);
  });
});

describe('room-booking contracts', () => {
  it('accept a valid command and refuse an invalid one, naming the field', () => {
    assert.deepEqual(
      validatePayload(ReserveRoomCommand, { bookingId: 'bk-1', roomType: 'suite', nights: 2 }).ok,
      true,
    );
    const refused = validatePayload(ReserveRoomCommand, { bookingId: 'bk-1', roomType: 'tent', nights: 0 });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.errors.join('\n'), /roomType/);
    assert.match(refused.ok ? '' : refused.errors.join('\n'), /nights/);
  });

  it('derive the reply contract from the command', () => {
    assert.equal(ReserveRoomCommand.reply.subject, 'saga.reply.hotel.reserve-room');
    assert.equal(ReserveRoomCommand.reply.type, 'hotel.reserve-room.reply');
  });
});
