import type { AbortDryRun, DeadLetter, SagaDetail, SagaListItem } from './admin-api';
import { formatSagaTimeline } from './saga-timeline';

/** Rows as left-aligned columns under a header, two spaces apart; the last column is not padded. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `1.2 s`, `45 ms`, `3 min 5 s`: a span for people. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes} min${seconds > 0 ? ` ${seconds} s` : ''}`;
}

export function formatSagaList(items: readonly SagaListItem[]): string[] {
  if (items.length === 0) return ['(no sagas)'];
  return formatTable(
    ['SAGA', 'TYPE', 'STATUS', 'STEP', 'BUSINESS KEY', 'CREATED', 'UPDATED'],
    items.map((saga) => [
      saga.sagaId,
      saga.type,
      saga.status,
      saga.currentStep ?? '-',
      saga.businessKey ?? '-',
      saga.createdAt,
      saga.updatedAt,
    ]),
  );
}

/** The next deadline with what is left of it at `now`: `timeout at … (in 4.2 s)` or `(due 1.0 s ago)`. */
export function formatNextDeadline(deadline: SagaDetail['nextDeadline'], now: Date): string {
  if (!deadline) return 'none';
  const left = Date.parse(deadline.at) - now.getTime();
  const countdown = left >= 0 ? `in ${formatDuration(left)}` : `due ${formatDuration(-left)} ago`;
  return `${deadline.reason} at ${deadline.at} (${countdown})`;
}

/** `npx saga show`: a header, the steps with their durations, the timeline, the next deadline. */
export function formatSagaShow(saga: SagaDetail, now: Date): string[] {
  const steps = formatTable(
    ['STEP', 'KIND', 'STATUS', 'ATTEMPTS', 'STARTED', 'DURATION', 'ERROR'],
    saga.steps.map((step) => [
      step.name,
      step.kind,
      step.status,
      String(step.attempts),
      step.startedAt ?? '-',
      stepDuration(step.startedAt, step.endedAt, now),
      step.error ? [step.error.code, step.error.message].filter(Boolean).join(' ') : '',
    ]),
  );
  return [
    `saga ${saga.sagaId}  ${saga.type} v${saga.version}  ${saga.status}`,
    `business key   ${saga.businessKey ?? '-'}`,
    `current step   ${saga.currentStep}`,
    `next deadline  ${formatNextDeadline(saga.nextDeadline, now)}`,
    '',
    ...steps.map((line) => `  ${line}`),
    '',
    'timeline',
    ...formatSagaTimeline(saga, { clock: true }),
  ];
}

/** How long a step ran: to its end, or so far (`…`) while it runs; `-` before it started. */
function stepDuration(startedAt: string | null, endedAt: string | null, now: Date): string {
  if (!startedAt) return '-';
  const end = endedAt ? Date.parse(endedAt) : now.getTime();
  return `${formatDuration(end - Date.parse(startedAt))}${endedAt ? '' : ' …'}`;
}

export function formatDryRun(sagaId: string, plan: AbortDryRun): string[] {
  if (plan.compensations.length === 0)
    return [`aborting saga ${sagaId} would send no compensation (nothing to undo); nothing was changed`];
  return [
    `aborting saga ${sagaId} would send, in this order (nothing was changed):`,
    ...plan.compensations.map((c, i) => `  ${i + 1}. ${c.command}  (undoes ${c.step})`),
  ];
}

export function formatDeadLetters(items: readonly DeadLetter[]): string[] {
  if (items.length === 0) return ['(no dead letters)'];
  return formatTable(
    ['ID', 'AT', 'SUBJECT', 'CONSUMER', 'SAGA', 'DELIVERIES', 'REASON'],
    items.map((letter) => [
      String(letter.id),
      letter.at,
      letter.originalSubject,
      letter.consumer ?? '-',
      letter.sagaId ?? '-',
      String(letter.deliveryCount),
      `${letter.reason}${letter.replayable ? '' : ' (not replayable)'}`,
    ]),
  );
}
