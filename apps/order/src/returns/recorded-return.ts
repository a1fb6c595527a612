import type { SkuQuantity } from '@app/contracts';
import type { ReturnStatus } from '@app/order-return';

/** A return row as the decisions read and write it (the entity without its timestamps). */
export interface RecordedReturn {
  returnId: string;
  orderId: string;
  status: ReturnStatus;
  reason: string;
  items: SkuQuantity[];
  refundCents: number;
  rejectCode: string | null;
  rejectReason: string | null;
}
