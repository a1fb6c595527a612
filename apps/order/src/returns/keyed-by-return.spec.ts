import { randomUUID } from 'node:crypto';
import type { Envelope } from '@app/contracts';
import { PermanentError } from '@app/messaging';
import { succeeded } from '@app/participant';
import { keyedByReturn } from './keyed-by-return';

describe('keyedByReturn', () => {
  const returnId = randomUUID();
  const orderId = randomUUID();
  const payload = { returnId, orderId };
  const envelope = { type: 'order.request-return', payload } as Envelope<typeof payload>;
  const decided = succeeded({ returnId });

  it('decides a command keyed by its return id', async () => {
    const decide = jest.fn(async () => decided);
    await expect(
      keyedByReturn(decide)('service', 'manager', payload, { businessKey: returnId, envelope }),
    ).resolves.toBe(decided);
    expect(decide).toHaveBeenCalledWith('service', 'manager', payload, { businessKey: returnId, envelope });
  });

  it('refuses permanently, deciding nothing, a command keyed by its order id', () => {
    const decide = jest.fn(async () => decided);
    expect(() =>
      keyedByReturn(decide)('service', 'manager', payload, { businessKey: orderId, envelope }),
    ).toThrow(
      new PermanentError(
        `order.request-return of return ${returnId} came keyed by ${orderId}: ` +
          "a return's commands carry its return id as business key",
      ),
    );
    expect(decide).not.toHaveBeenCalled();
  });
});
