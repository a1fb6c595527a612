import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService } from '@nestjs/throttler';
import { OrderRateLimitGuard, RATE_LIMIT_MEMO_SIZE } from './order-rate-limit.guard';

const OPTIONS = { throttlers: [{ limit: 3, ttl: 60_000 }] };

/** Reaches the protected parts of both guards, to compare what they derive. */
class Plain extends ThrottlerGuard {
  tracker(req: Record<string, unknown>) {
    return this.getTracker(req);
  }
  key(context: ExecutionContext, suffix: string, name: string) {
    return this.generateKey(context, suffix, name);
  }
}
class Memoized extends OrderRateLimitGuard {
  tracker(req: Record<string, unknown>) {
    return this.getTracker(req);
  }
  key(context: ExecutionContext, suffix: string, name: string) {
    return this.generateKey(context, suffix, name);
  }
  get memoSizes() {
    return { trackers: this['trackers'].size, keys: this['keys'].size };
  }
}

class OrdersController {
  place() {}
  get() {}
}

function contextOf(handler: () => void): ExecutionContext {
  return { getClass: () => OrdersController, getHandler: () => handler } as unknown as ExecutionContext;
}

describe('OrderRateLimitGuard', () => {
  let storage: ThrottlerStorageService;
  let plain: Plain;
  let memoized: Memoized;

  beforeEach(async () => {
    storage = new ThrottlerStorageService();
    plain = new Plain(OPTIONS, storage, new Reflector());
    memoized = new Memoized(OPTIONS, storage, new Reflector());
    await plain.onModuleInit();
    await memoized.onModuleInit();
  });

  afterEach(() => storage.onApplicationShutdown());

  const addresses = [
    '127.0.0.1',
    '::ffff:127.0.0.1',
    '::1',
    '2001:db8:1:2:3:4:5:6',
    '2001:db8:1:2:ffff:4:5:7',
    'fe80::1%eth0',
    'not an address',
  ];

  it('derives the tracker ThrottlerGuard derives, the first time and from the memo', async () => {
    for (const ip of addresses) {
      const expected = await plain.tracker({ ip });
      expect(await memoized.tracker({ ip })).toBe(expected);
      expect(await memoized.tracker({ ip })).toBe(expected);
    }
    // An IPv6 client is tracked by its /64, as ThrottlerGuard does.
    expect(await memoized.tracker({ ip: '2001:db8:1:2:ffff:4:5:7' })).toBe(
      await memoized.tracker({ ip: '2001:db8:1:2:3:4:5:6' }),
    );
    expect(await memoized.tracker({})).toBe(await plain.tracker({}));
  });

  it('derives the storage key ThrottlerGuard derives, per route, throttler and tracker', () => {
    const place = contextOf(OrdersController.prototype.place);
    const get = contextOf(OrdersController.prototype.get);
    for (const [context, suffix, name] of [
      [place, '127.0.0.1', 'default'],
      [place, '127.0.0.1', 'default'],
      [place, '127.0.0.2', 'default'],
      [place, '127.0.0.1', 'burst'],
      [get, '127.0.0.1', 'default'],
    ] as const) {
      expect(memoized.key(context, suffix, name)).toBe(plain.key(context, suffix, name));
    }
    expect(memoized.key(place, '127.0.0.1', 'default')).not.toBe(memoized.key(get, '127.0.0.1', 'default'));
  });

  it('keeps its memos bounded under many distinct clients', async () => {
    const place = contextOf(OrdersController.prototype.place);
    for (let i = 0; i < RATE_LIMIT_MEMO_SIZE + 5; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      expect(memoized.key(place, await memoized.tracker({ ip }), 'default')).toBe(
        plain.key(place, ip, 'default'),
      );
    }
    expect(memoized.memoSizes.trackers).toBeLessThanOrEqual(RATE_LIMIT_MEMO_SIZE);
    expect(memoized.memoSizes.keys).toBeLessThanOrEqual(RATE_LIMIT_MEMO_SIZE);
  });
});
