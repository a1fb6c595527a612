import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Currency, OrderItem, OrderStatus, ShippingAddress } from '@app/contracts';
import { BigIntColumn } from '@app/participant';

/** An order as the order service owns it; its id is the saga's order id. */
@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  status: OrderStatus;

  @Column({ name: 'customer_id', type: 'text' })
  customerId: string;

  @Column({ type: 'text' })
  currency: Currency;

  @Column({ type: 'jsonb' })
  items: OrderItem[];

  @BigIntColumn({ name: 'total_cents' })
  totalCents: number;

  @Column({ name: 'shipping_address', type: 'jsonb' })
  shippingAddress: ShippingAddress;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
