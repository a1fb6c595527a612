import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One saga: its state machine position and data. `rowVersion` guards every update (optimistic locking). */
@Entity({ name: 'saga_instance' })
export class SagaInstanceRecord {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'current_step', type: 'text', nullable: true })
  currentStep: string | null;

  @Column({ type: 'jsonb' })
  data: unknown;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  /** What an operator knows the saga by (an order-fulfillment saga's order id); declared by its start binding. */
  @Column({ name: 'business_key', type: 'text', nullable: true })
  businessKey: string | null;

  /** The start message's correlation id, carried by every command the saga sends. */
  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  /** The W3C `traceparent` of the span that started the saga: deadline and operator commands continue it. */
  @Column({ name: 'trace_parent', type: 'text', nullable: true })
  traceParent: string | null;

  @Column({ name: 'next_deadline_at', type: 'timestamptz', nullable: true })
  nextDeadlineAt: Date | null;

  @Column({ name: 'deadline_reason', type: 'text', nullable: true })
  deadlineReason: string | null;

  @Column({ name: 'deadline_step', type: 'text', nullable: true })
  deadlineStep: string | null;

  @Column({ name: 'row_version', type: 'integer' })
  rowVersion: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
