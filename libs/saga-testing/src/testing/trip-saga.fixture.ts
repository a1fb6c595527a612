import type { MessageContract } from '@app/contracts';
import { defineSaga, StepResponse } from '@app/saga-core';

/** A small saga for the harness's own tests. */
export interface TripData {
  tripId: string;
  seatId?: string;
  ticketNo?: string;
}

class FixturePayload {}

const contract = (type: string): MessageContract => ({
  type,
  kind: 'command',
  subject: `saga.cmd.${type}`,
  version: 1,
  payload: FixturePayload,
  description: `test command ${type}`,
});

export const tripSaga = defineSaga<TripData>('trip', 1, {
  timeoutMs: 2_000,
  retry: { maxAttempts: 2, initialBackoffMs: 100, maxBackoffMs: 400, multiplier: 2, jitter: false },
  compensationRetry: {
    maxAttempts: 3,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    multiplier: 2,
    jitter: true,
  },
})
  .step('book-seat')
  .invoke(contract('seat.book'), (d) => ({ tripId: d.tripId }))
  .onReply((d, r: { seatId: string }) => new StepResponse({ ...d, seatId: r.seatId }, r.seatId))
  .withCompensation(contract('seat.cancel'), (d, seatId) => ({ tripId: d.tripId, seatId }))
  .step('charge-fare')
  .invoke(contract('fare.charge'), (d) => ({ tripId: d.tripId }))
  .withCompensation(contract('fare.refund'), (d) => ({ tripId: d.tripId }))
  .step('issue-ticket')
  .pivot()
  .invoke(contract('ticket.issue'), (d) => ({ tripId: d.tripId, seatId: d.seatId }))
  .onReply((d, r: { ticketNo: string }) => ({ ...d, ticketNo: r.ticketNo }))
  .step('email-ticket')
  .retriable()
  .retry({ maxAttempts: 5 })
  .invoke(contract('mail.send'), (d) => ({ tripId: d.tripId, ticketNo: d.ticketNo }))
  .build();

export const tripData: TripData = { tripId: 'trip-7' };

export const tripResults = { 'book-seat': { seatId: 'seat-12A' }, 'issue-ticket': { ticketNo: 'T-1' } };
