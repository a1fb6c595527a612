import { Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { BigIntColumn } from '@app/participant';

/** Units of one sku: `available` can be reserved, `reserved` is held for orders. Both never negative. */
@Entity({ name: 'stock' })
export class StockItem {
  @PrimaryColumn({ type: 'text' })
  sku: string;

  @BigIntColumn()
  available: number;

  @BigIntColumn()
  reserved: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
