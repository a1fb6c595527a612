import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Currency, PaymentDeclineCode, PaymentStatus } from '@app/contracts';
import { BigIntColumn } from '@app/participant';

/** The one payment of an order; a declined authorization is kept as a DECLINED payment. */
@Entity({ name: 'payments' })
export class Payment {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid', unique: true })
  orderId: string;

  @Column({ type: 'text' })
  status: PaymentStatus;

  @BigIntColumn({ name: 'amount_cents' })
  amountCents: number;

  @Column({ type: 'text' })
  currency: Currency;

  @Column({ name: 'authorization_code', type: 'text', nullable: true })
  authorizationCode: string | null;

  @Column({ name: 'decline_code', type: 'text', nullable: true })
  declineCode: PaymentDeclineCode | null;

  /** The card token it was authorized with: the processor's answer to a refund depends on it. */
  @Column({ name: 'card_token', type: 'text', nullable: true })
  cardToken: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
