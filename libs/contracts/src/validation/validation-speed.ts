/**
 * Per-message payload validation time, class-validator alone (before) against the compiled fast
 * path (after), on generated valid payloads of the busiest contracts and on one invalid one.
 * Run: npx tsx libs/contracts/src/validation/validation-speed.ts [iterations]
 */
import 'reflect-metadata';
import type { MessageContract } from '../message-contract';
import { StartOrderFulfillment } from '../start/order-fulfillment/start-order-fulfillment';
import { CreateOrderCommand } from '../commands/create-order/create-order.command';
import { ReserveInventoryCommand } from '../commands/reserve-inventory/reserve-inventory.command';
import { ReserveInventoryReply } from '../replies/reserve-inventory/reserve-inventory.reply';
import { AuthorizePaymentReply } from '../replies/authorize-payment/authorize-payment.reply';
import { OrderCreatedEvent } from '../events/order-created/order-created.event';
import { validatePayload } from '../validate-payload';
import { classValidatorCheck } from './class-validator-check';
import { SeededRandom } from './compiled/testing/seeded-random';
import { validPayload } from './compiled/testing/valid-payload';

const iterations = Number(process.argv[2] ?? 5_000);
const contracts: MessageContract[] = [
  StartOrderFulfillment,
  CreateOrderCommand,
  ReserveInventoryCommand,
  ReserveInventoryReply,
  AuthorizePaymentReply,
  OrderCreatedEvent,
];

/** Mean microseconds per call over `iterations` calls on a rotation of bodies, after a warm-up. */
function microsPerCall(
  bodies: string[],
  validate: (plain: unknown) => { ok: boolean },
  expectOk: boolean,
): number {
  const run = (count: number) => {
    for (let index = 0; index < count; index += 1) {
      const result = validate(JSON.parse(bodies[index % bodies.length]));
      if (result.ok !== expectOk) throw new Error(`unexpected verdict ${result.ok}`);
    }
  };
  run(Math.min(iterations, 1_000));
  const parseOnly = timed(() => {
    for (let index = 0; index < iterations; index += 1) JSON.parse(bodies[index % bodies.length]);
  });
  return (timed(() => run(iterations)) - parseOnly) / iterations;
}

function timed(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1_000;
}

const random = new SeededRandom(7);
const rows = [];
for (const contract of contracts) {
  const valid = Array.from({ length: 200 }, () => JSON.stringify(validPayload(contract.payload, random)))
    .filter((body) => classValidatorCheck(contract.payload, JSON.parse(body)).ok)
    .slice(0, 64);
  const invalid = valid.map((body) => JSON.stringify({ ...JSON.parse(body), unexpected: 1 }));
  const before = microsPerCall(valid, (plain) => classValidatorCheck(contract.payload, plain), true);
  const after = microsPerCall(valid, (plain) => validatePayload(contract, plain), true);
  const invalidBefore = microsPerCall(
    invalid,
    (plain) => classValidatorCheck(contract.payload, plain),
    false,
  );
  const invalidAfter = microsPerCall(invalid, (plain) => validatePayload(contract, plain), false);
  rows.push({
    contract: contract.type,
    'valid µs before': before.toFixed(1),
    'valid µs after': after.toFixed(1),
    speedup: `${(before / after).toFixed(1)}×`,
    'invalid µs before': invalidBefore.toFixed(1),
    'invalid µs after': invalidAfter.toFixed(1),
  });
}
console.table(rows);
