import { defineCommand } from '@saga-orchestrator/contracts';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class ChargeCardPayload {
  @IsString()
  @Length(1, 64)
  bookingId!: string;

  @IsInt()
  @Min(1)
  @Max(10_000_000)
  amountCents!: number;
}

export class ChargeCardResult {
  @IsString()
  @Length(1, 64)
  chargeId!: string;
}

/** Takes the guest's money: the booking's point of no return. */
export const ChargeCardCommand = defineCommand({
  service: 'billing',
  action: 'charge-card',
  payload: ChargeCardPayload,
  result: ChargeCardResult,
  description: "Charge the booking's price to the guest's card.",
  replyDescription: 'The charge, or CARD_DECLINED.',
});
