import { trace } from '@opentelemetry/api';
import type { Envelope, ReplyOutcome } from '@app/contracts';
import { type HandlerOutcome, PlatformMetrics, getMetrics } from '@app/observability';

export const HANDLER_OUTCOME_OF_REPLY: Record<ReplyOutcome, HandlerOutcome> = {
  SUCCESS: 'succeeded',
  BUSINESS_FAILURE: 'refused',
  TRANSIENT_FAILURE: 'transient',
};

/** Times one command's handling and labels it with how it ended, on the metric and on the handler's span. */
export function recordCommandHandled(
  command: Envelope<unknown>,
  outcome: HandlerOutcome,
  startedAt: number,
): void {
  getMetrics()
    .histogram(PlatformMetrics.participantHandlerDuration)
    .observe({ command: command.type, outcome }, (performance.now() - startedAt) / 1_000);
  trace.getActiveSpan()?.setAttributes({
    'participant.outcome': outcome,
    ...(command.sagaId ? { 'saga.id': command.sagaId } : {}),
  });
}
