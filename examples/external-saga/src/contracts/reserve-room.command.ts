import { defineCommand } from '@saga-orchestrator/contracts';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';

export const ROOM_TYPES = ['single', 'double', 'suite'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

export class ReserveRoomPayload {
  @IsString()
  @Length(1, 64)
  bookingId!: string;

  @IsIn(ROOM_TYPES)
  roomType!: RoomType;

  @IsInt()
  @Min(1)
  @Max(30)
  nights!: number;
}

export class ReserveRoomResult {
  @IsString()
  @Length(1, 64)
  reservationId!: string;
}

/** The hotel holds a room for the booking; its reply carries the reservation. */
export const ReserveRoomCommand = defineCommand({
  service: 'hotel',
  action: 'reserve-room',
  payload: ReserveRoomPayload,
  result: ReserveRoomResult,
  description: 'Hold a room of the given type for the booking.',
  replyDescription: 'The reservation, or NO_ROOM_AVAILABLE.',
});
