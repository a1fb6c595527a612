import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many authorization attempts of an order ended in a processing error. Kept in the
 * database so the "fails twice, then approves" rule holds across restarts and replicas.
 */
@Entity({ name: 'processing_errors' })
export class ProcessingErrorCount {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'integer' })
  count: number;
}
