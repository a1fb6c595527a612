import type {
  DeadlineReason,
  SagaInstance,
  SagaStatus,
  StepError,
  StepKind,
  StepStatus,
} from '@app/saga-core';
import type { TimelineRow } from '../../persistence/queries/saga-queries';
import type { OperatorActions } from './operator-actions';
import type { StepAttention } from './step-attention';

export interface Link {
  href: string;
  /** Set on links that act (`POST`); links without one are `GET`. */
  method?: 'POST';
}

export interface SagaLinks {
  self: Link;
  /** The order's view on the gateway (a path there, not on this server); only for sagas whose data has an `orderId`. */
  order?: Link;
  deadLetters: Link;
  /** Present only while the saga accepts the action. */
  retry?: Link;
  abort?: Link;
}

export interface SagaStepView {
  name: string;
  kind: StepKind;
  status: StepStatus;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  error: StepError | null;
}

export interface TimelineEntryView {
  seq: number;
  at: Date;
  kind: string;
  step: string | null;
  detail: Record<string, unknown>;
}

/** When the saga acts next on its own unless a reply comes first: a reply timeout, a delivery check or the end of a retry backoff. */
export interface NextDeadlineView {
  at: string;
  reason: DeadlineReason;
}

/** `GET /admin/sagas/{sagaId}`. */
export interface SagaView {
  sagaId: string;
  type: string;
  version: number;
  status: SagaStatus;
  currentStep: string;
  /** What the saga is known by outside (an order-fulfillment saga's order id); null when its type declares none. */
  businessKey: string | null;
  /** Null while nothing is scheduled (waiting for an operator, or finished). */
  nextDeadline: NextDeadlineView | null;
  /** The trace the saga started in (from its stored `traceparent`), for a link to Jaeger/Tempo; null when untraced. */
  traceId: string | null;
  data: unknown;
  steps: SagaStepView[];
  /** Set while the current step keeps failing and is still retried (`SAGA_ATTENTION_AFTER_ATTEMPTS`); else null. */
  attention: StepAttention | null;
  timeline: TimelineEntryView[];
  _links: SagaLinks;
}

export function toSagaView(
  instance: SagaInstance<unknown>,
  timeline: readonly TimelineRow[],
  actions: OperatorActions,
  attention: StepAttention | null = null,
  businessKey: string | null = null,
  traceParent: string | null = null,
): SagaView {
  const self = `/admin/sagas/${instance.sagaId}`;
  const orderId = orderIdOf(instance.data);
  return {
    sagaId: instance.sagaId,
    type: instance.type,
    version: instance.version,
    status: instance.status,
    currentStep: instance.currentStep,
    businessKey,
    nextDeadline: instance.deadline ? { at: instance.deadline.at, reason: instance.deadline.reason } : null,
    traceId: traceIdOf(traceParent),
    data: instance.data,
    steps: instance.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      status: step.status,
      attempts: step.attempts,
      startedAt: step.startedAt,
      endedAt: step.endedAt,
      error: step.error,
    })),
    attention,
    timeline: timeline.map(({ seq, at, kind, step, detail }) => ({ seq, at, kind, step, detail })),
    _links: {
      self: { href: self },
      ...(orderId ? { order: { href: `/orders/${orderId}` } } : {}),
      deadLetters: { href: `/admin/dead-letters?sagaId=${instance.sagaId}` },
      ...(actions.retry ? { retry: { href: `${self}/retry`, method: 'POST' as const } } : {}),
      ...(actions.abort ? { abort: { href: `${self}/abort`, method: 'POST' as const } } : {}),
    },
  };
}

function orderIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const orderId = (data as { orderId?: unknown }).orderId;
  return typeof orderId === 'string' && orderId !== '' ? encodeURIComponent(orderId) : undefined;
}

/** The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`); null for anything else. */
function traceIdOf(traceParent: string | null): string | null {
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(traceParent ?? '');
  return match && !/^0+$/.test(match[1]) ? match[1] : null;
}
