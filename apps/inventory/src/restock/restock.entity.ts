import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ReservedItem } from '../reservation.entity';

/** The units one order return put back on the shelf; at most one per return. */
@Entity({ name: 'restocks' })
export class Restock {
  @PrimaryColumn({ name: 'return_id', type: 'uuid' })
  returnId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'jsonb' })
  items: ReservedItem[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
