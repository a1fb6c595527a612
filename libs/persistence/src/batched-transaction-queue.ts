/** How one request of a group ended. */
export type Settlement<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<Q, R> {
  request: Q;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit without a timer. A request submitted while no group is running starts one when
 * the current event-loop turn ends (`setImmediate`), with every request submitted in that turn:
 * the messages of one socket read reach `submit` in one turn, and without the wait the first of
 * them would run alone and the rest in a second transaction. A lone request waits only for its
 * turn to end, no timer. Requests submitted while a group is running wait for it, and the next
 * group takes all of them (up to `maxGroup`). Every request of a group is settled in the same
 * tick, when its group has ended.
 */
export class GroupCommitQueue<Q, R> {
  private readonly waiting: Waiting<Q, R>[] = [];
  private running = false;

  constructor(
    /** Runs one group; one settlement per request, in order. A rejection fails the whole group. */
    private readonly runGroup: (requests: Q[]) => Promise<Settlement<R>[]>,
    private readonly maxGroup: number,
  ) {
    if (!(maxGroup >= 1)) throw new Error(`a group holds at least one request, not ${maxGroup}`);
  }

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, this.maxGroup);
        let settlements: Settlement<R>[];
        try {
          settlements = await this.runGroup(group.map((entry) => entry.request));
        } catch (error) {
          settlements = group.map(() => ({ ok: false, error }));
        }
        group.forEach((entry, index) => {
          const settlement = settlements[index] ?? {
            ok: false,
            error: new Error(`the group settled ${settlements.length} of ${group.length} requests`),
          };
          if (settlement.ok) entry.resolve(settlement.value);
          else entry.reject(settlement.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}

/** The settlement of `promise`, never rejecting. */
export function settlementOf<R>(promise: Promise<R>): Promise<Settlement<R>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
