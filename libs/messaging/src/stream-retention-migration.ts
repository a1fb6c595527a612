import type { ConsumerInfo, JetStreamManager, StreamConfig, StreamInfo } from 'nats';
import { subjectMatches } from '@app/contracts';

/** What a consumer's state says about the messages it has yet to handle. */
export interface ConsumerBacklog {
  name: string;
  filterSubjects: string[];
  pending: number;
  ackPending: number;
}

/**
 * Why deleting the stream now would lose work, one phrase per reason; empty when it holds only
 * handled messages. A message is handled when a consumer whose filter matches its subject has
 * delivered and seen it acknowledged; a subject no consumer reads holds unhandled messages.
 */
export function unhandledWork(
  messagesBySubject: Record<string, number>,
  consumers: readonly ConsumerBacklog[],
): string[] {
  const reasons: string[] = [];
  for (const consumer of consumers) {
    if (consumer.pending > 0 || consumer.ackPending > 0) {
      reasons.push(
        `consumer ${consumer.name} has ${consumer.pending} undelivered and ${consumer.ackPending} unacknowledged messages`,
      );
    }
  }
  for (const [subject, count] of Object.entries(messagesBySubject)) {
    const read = consumers.some((consumer) =>
      consumer.filterSubjects.some((filter) => subjectMatches(filter, subject)),
    );
    if (count > 0 && !read) reasons.push(`${count} messages on ${subject} have no consumer`);
  }
  return reasons;
}

export function consumerBacklog(info: ConsumerInfo): ConsumerBacklog {
  const { filter_subject, filter_subjects } = info.config;
  const filterSubjects = filter_subjects?.length ? filter_subjects : [filter_subject || '>'];
  return { name: info.name, filterSubjects, pending: info.num_pending, ackPending: info.num_ack_pending };
}

/**
 * nats-server cannot change a stream's retention in place: deletes the stream and creates it
 * with `desired`, when everything it holds has been handled. Its consumers are deleted with it;
 * each app creates its own again at start. Otherwise throws one line saying what to do.
 */
export async function recreateWhenHandled(
  jsm: JetStreamManager,
  existing: StreamInfo,
  desired: Partial<StreamConfig>,
): Promise<void> {
  const name = existing.config.name;
  const withSubjects = await jsm.streams.info(name, { subjects_filter: '>' });
  const consumers = (await jsm.consumers.list(name).next()).map(consumerBacklog);
  const reasons = unhandledWork(withSubjects.state.subjects ?? {}, consumers);
  const change = `${existing.config.retention} to ${desired.retention} retention`;
  if (reasons.length > 0) {
    throw new Error(
      `${name} must move from ${change} (by deleting and recreating it) but holds unhandled messages ` +
        `(${reasons.join('; ')}): run the previous version until they are handled, ` +
        `or drop them with \`nats stream rm ${name}\`, then start again`,
    );
  }
  await jsm.streams.delete(name);
  await jsm.streams.add(desired);
}
