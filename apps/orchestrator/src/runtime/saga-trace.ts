import { isSpanContextValid, trace } from '@opentelemetry/api';
import { extractTraceContext, runWithContext, withSpan } from '@app/observability';
import type { StoredSaga } from '@app/saga-core';

/**
 * Runs work on a saga in the saga's own trace (the one it started under), so that every command
 * it sends joins that trace. Work already in that trace (a reply from a traced participant) runs
 * as it is; other work (a deadline firing, an operator's action, a reply that carried no trace
 * context) runs in a span named `name` of the saga's trace, linked to the trace active at the
 * call. Logs written meanwhile carry the saga's ids.
 */
export function inSagaTrace<T>(saga: StoredSaga, name: string, work: () => T | Promise<T>): Promise<T> {
  const { sagaId, type } = saga.instance;
  const { correlationId, traceParent } = saga.attributes;
  return runWithContext({ sagaId, correlationId }, async () => {
    if (!traceParent) return work();
    const sagaContext = extractTraceContext({ traceparent: traceParent });
    const sagaTraceId = trace.getSpanContext(sagaContext)?.traceId;
    const caller = trace.getActiveSpan()?.spanContext();
    if (!sagaTraceId || caller?.traceId === sagaTraceId) return work();
    return withSpan(name, { 'saga.id': sagaId, 'saga.type': type }, work, {
      parent: sagaContext,
      links: caller && isSpanContextValid(caller) ? [{ context: caller }] : [],
    });
  });
}
