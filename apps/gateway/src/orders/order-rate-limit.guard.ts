import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Distinct client addresses (and storage keys) remembered; past it the memo starts over. */
export const RATE_LIMIT_MEMO_SIZE = 10_000;

/**
 * `ThrottlerGuard` with the same limit, storage, headers and 429, that remembers what it derives
 * from a client's address instead of deriving it on every request: the tracker (the address,
 * an IPv6 one cut to its /64 by parsing it into hextets) and the storage key (a sha256 of route
 * and tracker). Both depend only on their inputs, so a remembered one is the one the guard
 * would compute; the memo is bounded, so many distinct clients cost memory only up to a limit.
 */
@Injectable()
export class OrderRateLimitGuard extends ThrottlerGuard {
  private readonly trackers = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const ip = req.ip;
    if (typeof ip !== 'string') return super.getTracker(req);
    const known = this.trackers.get(ip);
    if (known !== undefined) return known;
    const tracker = await super.getTracker(req);
    remember(this.trackers, ip, tracker);
    return tracker;
  }

  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    const memoKey = `${context.getClass().name}\n${context.getHandler().name}\n${name}\n${suffix}`;
    const known = this.keys.get(memoKey);
    if (known !== undefined) return known;
    const key = super.generateKey(context, suffix, name);
    remember(this.keys, memoKey, key);
    return key;
  }
}

function remember(memo: Map<string, string>, key: string, value: string): void {
  if (memo.size >= RATE_LIMIT_MEMO_SIZE) memo.clear();
  memo.set(key, value);
}
