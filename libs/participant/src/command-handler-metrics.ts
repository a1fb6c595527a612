import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Envelope, ReplyOutcome } from '@app/contracts';
import { type HandlerOutcome, PlatformMetrics, getMetrics } from '@app/observability';

export const HANDLER_OUTCOME_OF_REPLY: Record<ReplyOutcome, HandlerOutcome> = {
  SUCCESS: 'succeeded',
  BUSINESS_FAILURE: 'refused',
  TRANSIENT_FAILURE: 'transient',
};

const logger = new Logger('ParticipantCommand');

/**
 * Times one command's handling and records how it ended: on the metric, on the handler's span,
 * and in a debug line (which carries the saga, correlation and trace ids of the handler's context).
 */
export function recordCommandHandled(
  command: Envelope<unknown>,
  outcome: HandlerOutcome,
  startedAt: number,
): void {
  const seconds = (performance.now() - startedAt) / 1_000;
  getMetrics()
    .histogram(PlatformMetrics.participantHandlerDuration)
    .observe({ command: command.type, outcome }, seconds);
  logger.debug(`${command.type} ${command.messageId} ${outcome} in ${(seconds * 1_000).toFixed(1)} ms`);
  trace.getActiveSpan()?.setAttributes({
    'participant.outcome': outcome,
    ...(command.sagaId ? { 'saga.id': command.sagaId } : {}),
  });
}
