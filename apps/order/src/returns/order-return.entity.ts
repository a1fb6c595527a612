import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SkuQuantity } from '@app/contracts';
import type { ReturnStatus } from '@app/order-return';
import { BigIntColumn } from '@app/participant';

/** A return of some items of an order, as the order service records it; its id is the saga's return id. */
@Entity({ name: 'order_returns' })
export class OrderReturn {
  @PrimaryColumn({ name: 'return_id', type: 'uuid' })
  returnId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'text' })
  status: ReturnStatus;

  /** The customer's reason for returning the items. */
  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'jsonb' })
  items: SkuQuantity[];

  /** What the return refunds; 0 when it was refused outright (nothing was priced). */
  @BigIntColumn({ name: 'refund_cents' })
  refundCents: number;

  /** Set on REJECTED only: the refusal's failure code (null when the saga cancelled the return). */
  @Column({ name: 'reject_code', type: 'text', nullable: true })
  rejectCode: string | null;

  /** Set on REJECTED only: the refusal's message, or the saga's reason for cancelling. */
  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
