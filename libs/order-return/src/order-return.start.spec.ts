import { validatePayload } from '@app/contracts';
import { StartOrderReturn } from './contracts';
import { orderReturnModule } from './order-return.module';
import { ORDER_RETURN, orderReturnSaga } from './order-return.saga';
import { orderReturnStart } from './order-return.start';
import { ORDER_ID, RETURN_ID, startPayload } from './testing/order-return.fixture';

describe('order-return start', () => {
  it('starts an order-return saga from saga.start.order-return', () => {
    expect(orderReturnStart.contract).toBe(StartOrderReturn);
    expect(orderReturnStart.sagaType).toBe(ORDER_RETURN);
  });

  it('keys the saga on the return id, so two returns of one order are two sagas', () => {
    const request = orderReturnStart.request({ ...startPayload, idempotencyKey: 'key-1' });
    expect(request).toEqual({
      sagaId: startPayload.sagaId,
      businessKey: RETURN_ID,
      idempotencyKey: `${ORDER_ID}/key-1`,
      data: {
        returnId: RETURN_ID,
        orderId: ORDER_ID,
        items: [
          { sku: 'SKU-001', quantity: 2 },
          { sku: 'SKU-002', quantity: 1 },
        ],
        reason: 'damaged in transit',
      },
    });
  });

  it("scopes the client's key to the order, as the gateway does: one key on two orders' returns is two keys", () => {
    const other = {
      ...startPayload,
      orderId: '3b9e0f4c-7a21-4d6e-8f53-2c1d0e9a8b74',
      idempotencyKey: 'key-1',
    };
    expect(orderReturnStart.request(other).idempotencyKey).not.toBe(
      orderReturnStart.request({ ...startPayload, idempotencyKey: 'key-1' }).idempotencyKey,
    );
  });

  it('has no idempotency key when the client sent none', () => {
    expect(orderReturnStart.request(startPayload).idempotencyKey).toBeNull();
  });

  it('turns a validated payload (class instances) into plain JSON data without the start-only fields', () => {
    const validated = validatePayload(StartOrderReturn, { ...startPayload, idempotencyKey: 'key-1' });
    if (!validated.ok) throw new Error(validated.errors.join('; '));
    const { data } = orderReturnStart.request(validated.value);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(Object.getPrototypeOf((data as { items: object[] }).items[0])).toBe(Object.prototype);
    expect(data).not.toHaveProperty('sagaId');
    expect(data).not.toHaveProperty('idempotencyKey');
  });
});

describe('orderReturnModule', () => {
  it('holds the definition, its start binding and every contract of the saga, start first', () => {
    expect(orderReturnModule.definition).toBe(orderReturnSaga);
    expect(orderReturnModule.start).toBe(orderReturnStart);
    expect(orderReturnModule.contracts[0]).toBe(StartOrderReturn);
    expect(Object.isFrozen(orderReturnModule)).toBe(true);
  });

  it('owns every command the definition sends', () => {
    const sent = orderReturnSaga.steps.flatMap((step) => [
      step.command.contract,
      ...(step.compensation ? [step.compensation.contract] : []),
    ]);
    for (const contract of sent) expect(orderReturnModule.contracts).toContain(contract);
  });
});
