import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn } from '@app/participant';

/** Money given back on a payment for one order return; at most one per return. */
@Entity({ name: 'payment_refunds' })
export class PaymentRefund {
  @PrimaryColumn({ name: 'refund_id', type: 'uuid' })
  refundId: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @Column({ name: 'return_id', type: 'uuid', unique: true })
  returnId: string;

  @BigIntColumn({ name: 'amount_cents' })
  amountCents: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
