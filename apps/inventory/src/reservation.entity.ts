import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ReservationStatus = 'RESERVED' | 'RELEASED';

export interface ReservedItem {
  sku: string;
  quantity: number;
}

/** The units held for one order; at most one per order. */
@Entity({ name: 'reservations' })
export class Reservation {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid', unique: true })
  orderId: string;

  @Column({ type: 'text' })
  status: ReservationStatus;

  @Column({ type: 'jsonb' })
  items: ReservedItem[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
