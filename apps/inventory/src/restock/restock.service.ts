import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Decision, domainEvent, succeeded } from '@app/participant';
import { insertAtCommit } from '@app/persistence';
import { RestockInventoryPayload, RestockInventoryReplyResult, StockRestockedEvent } from '@app/order-return';
import { lockStock } from '../stock-movements';
import { planRestock } from './restock-plan';
import { addToAvailable } from './restock-stock';
import { Restock } from './restock.entity';

/** Puts the units of an order return back on the shelf, once per return. */
@Injectable()
export class RestockService {
  /**
   * The stock rows are locked in sku order first, as reservations lock them, so the two never
   * deadlock; the return's earlier restock is read after the locks, so a concurrent restock of
   * the same return has committed by then and is seen. Its row, one per return, keeps a resend
   * from adding the units twice even when the command ledger no longer remembers the first.
   */
  async restock(
    manager: EntityManager,
    command: RestockInventoryPayload,
  ): Promise<Decision<RestockInventoryReplyResult>> {
    const stock = await lockStock(
      manager,
      command.items.map((item) => item.sku),
    );
    const earlier = await manager.existsBy(Restock, { returnId: command.returnId });
    const plan = planRestock(command.items, earlier, stock);
    const result = { returnId: command.returnId };
    if (plan.kind === 'restocked-before') return succeeded(result);
    await addToAvailable(manager, plan);
    await insertAtCommit(manager, Restock, {
      returnId: command.returnId,
      orderId: command.orderId,
      items: plan.items,
    });
    return succeeded(result, [
      domainEvent(StockRestockedEvent, {
        returnId: command.returnId,
        orderId: command.orderId,
        items: plan.items,
      }),
    ]);
  }
}
