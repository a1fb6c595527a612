import { defineCommand, noResult } from '@saga-orchestrator/contracts';
import { IsOptional, IsString, Length } from 'class-validator';

export class ReleaseRoomPayload {
  @IsString()
  @Length(1, 64)
  bookingId!: string;

  /** Unknown when reserve-room timed out before its reply: the hotel then releases by booking. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  reservationId?: string;
}

/** Compensation of reserve-room: the hotel gives the room back. */
export const ReleaseRoomCommand = defineCommand({
  service: 'hotel',
  action: 'release-room',
  payload: ReleaseRoomPayload,
  result: noResult,
  description: 'Give back the room held for the booking.',
});
