import type { MessageContract } from '@app/contracts';
import { defineSaga } from '../define-saga';
import type { TransitionEnv } from '../transition';
import { StepResponse } from '../step-response';

/** A small saga for the engine's own tests: two compensatable steps, a pivot, a retriable step. */
export interface ShopData {
  orderId: string;
  amount: number;
  holdId?: string;
  chargeId?: string;
}

class FixturePayload {}

export function command(type: string): MessageContract {
  return {
    type,
    kind: 'command',
    subject: `saga.cmd.${type}`,
    version: 1,
    payload: FixturePayload,
    description: `test command ${type}`,
  };
}

export const Hold = command('stock.hold');
export const Unhold = command('stock.unhold');
export const Charge = command('card.charge');
export const Refund = command('card.refund');
export const Ship = command('parcel.ship');
export const Notify = command('mail.notify');

export const shopSaga = defineSaga<ShopData>('shop', 1, {
  timeoutMs: 1_000,
  retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1_000, multiplier: 2, jitter: false },
  compensationRetry: {
    maxAttempts: 3,
    initialBackoffMs: 100,
    maxBackoffMs: 1_000,
    multiplier: 2,
    jitter: false,
  },
})
  .step('hold-stock')
  .invoke(Hold, (data) => ({ orderId: data.orderId }))
  .onReply(
    (data, result: { holdId: string }) => new StepResponse({ ...data, holdId: result.holdId }, result.holdId),
  )
  .withCompensation(Unhold, (data, holdId) => ({ orderId: data.orderId, holdId }))
  .step('charge-card')
  .invoke(Charge, (data) => ({ orderId: data.orderId, amount: data.amount }))
  .onReply((data, result: { chargeId: string }) => ({ ...data, chargeId: result.chargeId }))
  .withCompensation(Refund, (data) => ({ orderId: data.orderId, chargeId: data.chargeId }))
  .step('ship-parcel')
  .pivot()
  .invoke(Ship, (data) => ({ orderId: data.orderId }))
  .step('notify-customer')
  .retriable()
  .retry({ maxAttempts: 4 })
  .invoke(Notify, (data) => ({ orderId: data.orderId }))
  .build();

export const shopData: ShopData = { orderId: 'order-1', amount: 500 };

export const T0 = new Date('2025-01-01T00:00:00.000Z');

/** Deterministic ports: ids cmd-1, cmd-2…, random always 0.5, time fixed at `now`. */
export function fixedEnv(now: Date = T0): TransitionEnv & { at(ms: number): TransitionEnv } {
  let next = 0;
  const ids = { next: () => `cmd-${++next}` };
  const random = { next: () => 0.5 };
  return { now, ids, random, at: (ms: number) => ({ now: new Date(now.getTime() + ms), ids, random }) };
}
