import { IsUUID } from 'class-validator';

/**
 * Base of every payload that belongs to one order. Participants are idempotent per
 * (orderId, action), and a compensation may arrive for a command they never saw, so every
 * command carries the order id.
 */
export class OrderScoped {
  @IsUUID()
  orderId: string;
}
