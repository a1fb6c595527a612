import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CancelReturnPayload,
  CancelReturnReplyResult,
  CompleteReturnPayload,
  CompleteReturnReplyResult,
  RequestReturnPayload,
  RequestReturnReplyResult,
} from '@app/order-return';
import type { Decision } from '@app/participant';
import { insertAtCommit, updateAtCommit } from '@app/persistence';
import { decideReturnCancellation } from './cancel-return.decision';
import { decideReturnCompletion } from './complete-return.decision';
import { OrderReturn } from './order-return.entity';
import { findRecordedReturn, lockOrderWithReturns } from './order-return-reads';
import { decideReturnRequest, returnCancelledBeforeRequested } from './request-return.decision';

/**
 * A return's lifecycle on the order's side: PENDING when requested (holding its quantities),
 * then REFUNDED after the refund, or REJECTED when refused or cancelled. Each method loads the
 * rows, leaves the verdict to a decision function and writes what it decided; idempotency per
 * return (replays, tombstones) is the command ledger's, around these methods.
 */
@Injectable()
export class OrderReturnsService {
  async request(
    manager: EntityManager,
    command: RequestReturnPayload,
  ): Promise<Decision<RequestReturnReplyResult>> {
    const { order, returns } = await lockOrderWithReturns(manager, command.orderId, command.returnId);
    const { decision, record } = decideReturnRequest(order, returns, command);
    if (record) await insertAtCommit(manager, OrderReturn, record);
    return decision;
  }

  /**
   * Records the return REJECTED when its cancellation overtook it and the ledger refused the late
   * request, unless it is recorded already (a resend of that request finds the row and leaves it).
   * Read as a request reads: by return id wherever it is recorded, so no second row is attempted.
   */
  async recordCancelledBeforeRequested(manager: EntityManager, command: RequestReturnPayload): Promise<void> {
    const { returns } = await lockOrderWithReturns(manager, command.orderId, command.returnId);
    if (returns.some((recorded) => recorded.returnId === command.returnId)) return;
    await insertAtCommit(manager, OrderReturn, returnCancelledBeforeRequested(command));
  }

  async cancel(
    manager: EntityManager,
    command: CancelReturnPayload,
  ): Promise<Decision<CancelReturnReplyResult>> {
    const recorded = await findRecordedReturn(manager, command.orderId, command.returnId);
    const { decision, reject } = decideReturnCancellation(recorded, command);
    if (reject) {
      await updateAtCommit(
        manager,
        OrderReturn,
        { returnId: command.returnId },
        { status: 'REJECTED', rejectCode: null, rejectReason: reject.rejectReason },
      );
    }
    return decision;
  }

  async complete(
    manager: EntityManager,
    command: CompleteReturnPayload,
  ): Promise<Decision<CompleteReturnReplyResult>> {
    const recorded = await findRecordedReturn(manager, command.orderId, command.returnId);
    const { decision, refund } = decideReturnCompletion(recorded, command);
    if (refund) {
      await updateAtCommit(manager, OrderReturn, { returnId: command.returnId }, { status: 'REFUNDED' });
    }
    return decision;
  }
}
