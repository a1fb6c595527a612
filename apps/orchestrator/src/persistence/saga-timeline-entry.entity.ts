import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An append-only record of what happened to a saga; `seq` orders one saga's entries. */
@Entity({ name: 'saga_timeline' })
export class SagaTimelineRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  step: string | null;

  @Column({ type: 'jsonb' })
  detail: unknown;
}
