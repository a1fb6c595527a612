import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ShipmentStatus, ShippingAddress, SkuQuantity } from '@app/contracts';

/** The one shipment of an order. Scheduling is the saga's pivot: a shipment is never undone. */
@Entity({ name: 'shipments' })
export class Shipment {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid', unique: true })
  orderId: string;

  @Column({ type: 'text' })
  status: ShipmentStatus;

  @Column({ name: 'tracking_number', type: 'text', unique: true })
  trackingNumber: string;

  @Column({ type: 'text' })
  country: string;

  @Column({ type: 'jsonb' })
  address: ShippingAddress;

  @Column({ type: 'jsonb' })
  items: SkuQuantity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
