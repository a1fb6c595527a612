import { defineSaga, StepResponse } from '@saga-orchestrator/saga-core';
import { ChargeCardCommand } from './contracts/charge-card.command';
import { ReleaseRoomCommand } from './contracts/release-room.command';
import { ReserveRoomCommand } from './contracts/reserve-room.command';
import { SendConfirmationCommand } from './contracts/send-confirmation.command';
import type { RoomBookingData } from './room-booking.data';

/**
 * Hold a room, charge the card (the pivot: a declined card gives the room back, a charged one is
 * kept), then mail the guest until the mail goes out.
 */
export const roomBookingSaga = defineSaga<RoomBookingData>('room-booking', 1, {
  timeoutMs: 30_000,
  retry: { maxAttempts: 3 },
})
  .step('reserve-room')
  .invoke(ReserveRoomCommand, (data) => ({
    bookingId: data.bookingId,
    roomType: data.roomType,
    nights: data.nights,
  }))
  .onReply(
    (data, result) =>
      new StepResponse({ ...data, reservationId: result.reservationId }, result.reservationId),
  )
  .withCompensation(ReleaseRoomCommand, (data, reservationId) => ({
    bookingId: data.bookingId,
    reservationId,
  }))
  .step('charge-card')
  .pivot()
  .invoke(ChargeCardCommand, (data) => ({ bookingId: data.bookingId, amountCents: data.amountCents }))
  .onReply((data, result) => ({ ...data, chargeId: result.chargeId }))
  .step('send-confirmation')
  .retriable()
  .invoke(SendConfirmationCommand, (data) => ({
    bookingId: data.bookingId,
    roomType: data.roomType,
    nights: data.nights,
  }))
  .build();
