import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ReplyBody } from './decision';

/**
 * The participant's memory per (business key, command action): the reply it gave (DONE), or a
 * TOMBSTONE left by a compensation that arrived before the command it compensates. The key is
 * the sending saga's business key: an order id for order fulfillment, a return id for a return.
 */
@Entity({ name: 'processed_commands' })
export class ProcessedCommand {
  @PrimaryColumn({ name: 'business_key', type: 'text' })
  businessKey: string;

  @PrimaryColumn({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  state: 'DONE' | 'TOMBSTONE';

  @Column({ type: 'jsonb', nullable: true })
  reply: ReplyBody | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
