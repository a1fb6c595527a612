import { OrderScoped } from '@app/contracts';
import { IsUUID } from 'class-validator';

/**
 * Base of every payload about one return. The return id is what identifies the effect (two
 * returns of one order are two refunds); the order id says which order the return belongs to.
 */
export class ReturnScoped extends OrderScoped {
  @IsUUID()
  returnId: string;
}
