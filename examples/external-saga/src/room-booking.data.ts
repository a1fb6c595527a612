import type { RoomType } from './contracts/reserve-room.command';

/** What the room-booking saga knows about its booking, as it goes. */
export interface RoomBookingData {
  bookingId: string;
  roomType: RoomType;
  nights: number;
  amountCents: number;
  reservationId?: string;
  chargeId?: string;
}
