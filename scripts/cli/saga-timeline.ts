/** `GET /admin/sagas/{sagaId}` as it arrives over HTTP (DESIGN "Orchestrator admin HTTP"), the parts a timeline needs. */
export interface AdminSagaDetail {
  sagaId: string;
  type: string;
  status: string;
  timeline: AdminTimelineEntry[];
}

export interface AdminTimelineEntry {
  seq: number;
  at: string;
  kind: string;
  step: string | null;
  detail: Record<string, unknown>;
}

interface StepError {
  code?: unknown;
  message?: unknown;
}

export interface TimelineOptions {
  /** Also print each entry's time of day (UTC, to the millisecond) before its offset. */
  clock?: boolean;
}

/** What was last sent for a step, and when: a reply is read in its light. */
interface Sent {
  what: 'command' | 'compensation';
  at: number;
}

/**
 * A saga's timeline as aligned lines: milliseconds since the saga started, a symbol, the step,
 * and what happened. A reply is read in the light of what was last sent for its step, so a
 * successful compensation shows as "compensated", not "succeeded", and says how long the
 * participant took. The one printer of timelines: `npm run demo` and `npx saga show` use it.
 */
export function formatSagaTimeline(saga: AdminSagaDetail, options: TimelineOptions = {}): string[] {
  const entries = [...saga.timeline].sort((a, b) => a.seq - b.seq);
  if (entries.length === 0) return ['  (no timeline entries)'];
  const start = Date.parse(entries[0].at);
  const lastSent = new Map<string, Sent>();
  const stepWidth = Math.max(0, ...entries.map((entry) => entry.step?.length ?? 0));
  const timeWidth = `+${Date.parse(entries[entries.length - 1].at) - start} ms`.length;
  return entries.map((entry) => {
    const [symbol, text] = describe(entry, lastSent);
    const elapsed = `+${Date.parse(entry.at) - start} ms`.padStart(timeWidth);
    const clock = options.clock ? `${new Date(entry.at).toISOString().slice(11, 23)}  ` : '';
    const step = stepWidth > 0 ? `${(entry.step ?? '').padEnd(stepWidth)}  ` : '';
    return `  ${clock}${elapsed}  ${symbol} ${step}${text}`;
  });
}

function describe(entry: AdminTimelineEntry, lastSent: Map<string, Sent>): [string, string] {
  const { detail, step } = entry;
  switch (entry.kind) {
    case 'saga-started':
      return ['●', `saga started (${String(detail.type)} v${String(detail.version)})`];
    case 'command-sent':
    case 'compensation-sent': {
      const compensation = entry.kind === 'compensation-sent';
      if (step)
        lastSent.set(step, { what: compensation ? 'compensation' : 'command', at: Date.parse(entry.at) });
      return [
        compensation ? '↩' : '→',
        `${compensation ? 'compensate with' : 'send'} ${String(detail.command)}${attempt(detail.attempt)}`,
      ];
    }
    case 'reply-received': {
      const sent = step ? lastSent.get(step) : undefined;
      const [symbol, text] = describeReply(detail, sent?.what);
      return [symbol, sent ? `${text} (in ${Date.parse(entry.at) - sent.at} ms)` : text];
    }
    case 'timeout':
      return ['⏱', `no reply within ${String(detail.timeoutMs)} ms`];
    case 'retry-scheduled':
      return [
        '↻',
        `retry${detail.compensation === true ? ' the compensation' : ''} (attempt ${String(detail.nextAttempt)}) in ${String(detail.delayMs)} ms`,
      ];
    case 'retries-exhausted':
      return ['✗', `gave up after ${String(detail.attempts)} attempts${errorText(detail.error)}`];
    case 'compensation-started':
      return ['⤺', `compensation starts (${String(detail.cause)}${errorText(detail.error)})`];
    case 'late-reply':
    case 'duplicate-reply':
      return ['·', `${entry.kind.replace('-', ' ')} ignored`];
    case 'saga-finished':
      return ['■', `saga ${String(detail.status)}`];
    default:
      return ['·', `${entry.kind}${Object.keys(detail).length > 0 ? ` ${JSON.stringify(detail)}` : ''}`];
  }
}

function describeReply(
  detail: Record<string, unknown>,
  sent: 'command' | 'compensation' | undefined,
): [string, string] {
  const compensation = sent === 'compensation';
  switch (detail.outcome) {
    case 'SUCCESS':
      return ['✓', compensation ? 'compensated' : 'succeeded'];
    case 'BUSINESS_FAILURE':
      return ['✗', `${compensation ? 'compensation refused' : 'failed'}${errorText(detail.error)}`];
    case 'TRANSIENT_FAILURE':
      return ['!', `transient failure${errorText(detail.error)}`];
    default:
      return ['·', `reply ${JSON.stringify(detail)}`];
  }
}

function attempt(value: unknown): string {
  return typeof value === 'number' && value > 1 ? ` (attempt ${value})` : '';
}

function errorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { code, message } = error as StepError;
  return `: ${[code, message].filter((part) => typeof part === 'string' && part !== '').join(' ')}`;
}
