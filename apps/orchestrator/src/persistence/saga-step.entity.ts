import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One step of one saga: its status, attempts and what its compensation needs. */
@Entity({ name: 'saga_step' })
export class SagaStepRecord {
  @PrimaryColumn({ name: 'saga_id', type: 'uuid' })
  sagaId: string;

  @PrimaryColumn({ type: 'integer' })
  idx: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'compensation_attempts', type: 'integer' })
  compensationAttempts: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'last_error', type: 'jsonb', nullable: true })
  lastError: unknown;

  @Column({ name: 'last_command_id', type: 'text', nullable: true })
  lastCommandId: string | null;

  @Column({ name: 'last_command_at', type: 'timestamptz', nullable: true })
  lastCommandAt: Date | null;

  @Column({ name: 'compensation_input', type: 'jsonb', nullable: true })
  compensationInput: unknown;
}
