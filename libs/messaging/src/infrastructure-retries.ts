/**
 * Deliveries of a message that ended in an infrastructure failure (the database was down, a
 * deadlock...): they are not the message's fault, so they do not count against its delivery
 * budget. JetStream counts every delivery; this remembers, per stream sequence, how many of them
 * to discount. Kept in memory and bounded: after a restart, or for the oldest of more than
 * `capacity` failing messages, the discount is lost, so a message that then fails on its own
 * account is dead-lettered a little sooner. That needs both an outage and a message that keeps
 * failing by itself; the consumer stops pulling during an outage, which keeps the discount small.
 */
export class InfrastructureRetries {
  private readonly bySequence = new Map<number, number>();

  constructor(private readonly capacity = 10_000) {}

  note(sequence: number): void {
    const count = (this.bySequence.get(sequence) ?? 0) + 1;
    this.bySequence.delete(sequence); // re-inserted last: the map stays in least-recently-failed order
    this.bySequence.set(sequence, count);
    if (this.bySequence.size > this.capacity) {
      const oldest = this.bySequence.keys().next().value as number;
      this.bySequence.delete(oldest);
    }
  }

  /** The deliveries that count against the message's budget. */
  counted(sequence: number, deliveryCount: number): number {
    return Math.max(1, deliveryCount - (this.bySequence.get(sequence) ?? 0));
  }

  forget(sequence: number): void {
    this.bySequence.delete(sequence);
  }
}
