import { defineCommand, noResult } from '@saga-orchestrator/contracts';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { ROOM_TYPES, type RoomType } from './reserve-room.command';

export class SendConfirmationPayload {
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

/** Mails the guest; may be retried until it succeeds. */
export const SendConfirmationCommand = defineCommand({
  service: 'mail',
  action: 'send-confirmation',
  payload: SendConfirmationPayload,
  result: noResult,
  description: 'Mail the guest their reservation.',
});
