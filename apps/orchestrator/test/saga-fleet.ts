import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StartOrderFulfillment, type StartOrderFulfillmentPayload } from '@app/contracts';
import type { JetStreamPublisher } from '@app/messaging';
import type { StubParticipants } from '@test/support';
import { sampleStartPayload } from './orchestrator-harness';

export interface FleetSaga {
  id: string;
  orderId: string;
  status: string;
  nextDeadlineAt: Date | null;
}

export interface FleetTimelineEntry {
  sagaId: string;
  seq: number;
  kind: string;
  step: string | null;
  detail: { commandId?: string; command?: string; attempt?: number };
}

/** Publishes the start messages at once. */
export async function publishStarts(
  publisher: JetStreamPublisher,
  payloads: StartOrderFulfillmentPayload[],
): Promise<void> {
  await Promise.all(
    payloads.map((payload) =>
      publisher.publish({
        subject: StartOrderFulfillment.subject,
        payload,
        messageId: randomUUID(),
        type: StartOrderFulfillment.type,
        version: StartOrderFulfillment.version,
        correlationId: `corr-${payload.sagaId}`,
      }),
    ),
  );
}

export function startPayloads(count: number): StartOrderFulfillmentPayload[] {
  return Array.from({ length: count }, () => sampleStartPayload());
}

export async function readSagas(client: Client): Promise<FleetSaga[]> {
  const { rows } = await client.query<FleetSaga>(
    `SELECT "id", "order_id" AS "orderId", "status", "next_deadline_at" AS "nextDeadlineAt"
     FROM "orchestrator"."saga_instance"`,
  );
  return rows;
}

export async function readTimelines(client: Client): Promise<Map<string, FleetTimelineEntry[]>> {
  const { rows } = await client.query<FleetTimelineEntry>(
    `SELECT "saga_id" AS "sagaId", "seq", "kind", "step", "detail" FROM "orchestrator"."saga_timeline"
     ORDER BY "saga_id", "seq"`,
  );
  const bySaga = new Map<string, FleetTimelineEntry[]>();
  for (const row of rows) bySaga.set(row.sagaId, [...(bySaga.get(row.sagaId) ?? []), row]);
  return bySaga;
}

/**
 * Everything that "nothing lost, nothing done twice" implies for one saga, as a list of
 * violations: its timeline is numbered 1..n; each (step, attempt) sent one command; the stub
 * participants received exactly the commands the timeline says were sent, once each after
 * deduplication by message id.
 */
export function effectivelyOnceViolations(
  saga: FleetSaga,
  timeline: FleetTimelineEntry[],
  stubs: StubParticipants,
): string[] {
  const problems: string[] = [];
  const seqs = timeline.map((entry) => entry.seq);
  if (seqs.some((seq, i) => seq !== i + 1)) problems.push(`${saga.id}: timeline seq ${seqs.join(',')}`);

  const sent = timeline.filter(
    (entry) => entry.kind === 'command-sent' || entry.kind === 'compensation-sent',
  );
  const attempts = sent.map((entry) => `${entry.kind}/${entry.step}/${entry.detail.attempt}`);
  if (new Set(attempts).size !== attempts.length)
    problems.push(`${saga.id}: an attempt sent twice: ${attempts}`);

  const sentIds = sent.map((entry) => entry.detail.commandId).sort();
  const receivedIds = stubs
    .distinct()
    .filter((command) => command.sagaId === saga.id)
    .map((command) => command.messageId)
    .sort();
  if (JSON.stringify(sentIds) !== JSON.stringify(receivedIds)) {
    problems.push(`${saga.id}: sent ${sentIds.length} commands, participants received ${receivedIds.length}`);
  }
  return problems;
}
