/** A command a saga waits on, and the subject it was sent on. */
export interface AwaitedCommand {
  commandId: string;
  subject: string;
}

/**
 * What the broker knows that a deadline must not ignore: whether the awaited command has reached
 * its participant at all, and whether replies that were stored before a deadline fell due (while
 * this orchestrator was down or behind) have been handled yet.
 */
export interface DeliveryWatch {
  /** The ids of those (published) commands that no consumer of their subject has been handed yet. */
  undelivered(commands: readonly AwaitedCommand[]): Promise<Set<string>>;
  /**
   * A moment before which every stored reply has been handled: a reply timeout due before it can
   * fire, one due after it waits, since a reply to its command may still be in the stream.
   */
  repliesHandledBefore(now: Date): Promise<Date>;
}

/** For a runtime without a broker (unit tests): every command is delivered, no reply waits. */
export const NO_BROKER: DeliveryWatch = {
  undelivered: () => Promise.resolve(new Set()),
  repliesHandledBefore: (now) => Promise.resolve(now),
};

/**
 * How long a step whose command has waited `waitedMs` undelivered sleeps before it looks again:
 * soon at first, then less often, so that a long outage with many waiting sagas costs few writes.
 * Looking late only delays when the reply timeout starts; a reply is applied whenever it comes.
 */
export function deliveryRecheckMs(waitedMs: number): number {
  return Math.min(30_000, Math.max(1_000, Math.round(waitedMs / 4)));
}
