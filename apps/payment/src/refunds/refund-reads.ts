import type { EntityManager } from 'typeorm';
import type { Currency, PaymentStatus } from '@app/contracts';
import {
  type TransactionOpening,
  inlineStatements,
  qualifiedTable,
  runStatementBatch,
  transactionSlot,
} from '@app/persistence';
import { Payment } from '../payment.entity';
import { PaymentRefund } from './payment-refund.entity';
import type { RecordedRefund, RefundablePayment } from './refund-decision';

export interface LockedPayment extends RefundablePayment {
  currency: Currency;
}

export interface PaymentWithRefunds {
  payment: LockedPayment | null;
  refunds: RecordedRefund[];
}

interface PaymentRow {
  id: string;
  status: PaymentStatus;
  amount_cents: string;
  currency: Currency;
  card_token: string | null;
}

interface RefundRow {
  refund_id: string;
  return_id: string;
  amount_cents: string;
}

/** The order's payment and refunds as the transaction's BEGIN locked and read them (`paymentLockOpening`). */
const lockedPayment = transactionSlot<{ orderId: string; read: PaymentWithRefunds }>(
  'payment row locked with the BEGIN',
);

const lockStatements = (payments: string, refunds: string) => [
  `SELECT "id", "status", "amount_cents", "currency", "card_token" FROM ${payments}
    WHERE "order_id" = $1 FOR UPDATE`,
  `SELECT r."refund_id", r."return_id", r."amount_cents"
     FROM ${refunds} AS r JOIN ${payments} AS p ON p."id" = r."payment_id"
    WHERE p."order_id" = $1`,
];

/**
 * Locks the order's payment row and reads its refunds with the transaction's BEGIN, as
 * `lockPaymentWithRefunds` would, so a refund needs no round trip of its own for them.
 */
export function paymentLockOpening(orderId: string): TransactionOpening {
  return {
    statements: (schema) =>
      inlineStatements(
        lockStatements(qualifiedTable(schema, 'payments'), qualifiedTable(schema, 'payment_refunds')),
        [orderId],
      ),
    opened: (manager, [payments, refunds]) => {
      lockedPayment.set(manager, { orderId, read: readOf(payments as PaymentRow[], refunds as RefundRow[]) });
    },
  };
}

/**
 * Locks the order's payment row (FOR UPDATE) and reads every refund made on it, in one round
 * trip. The refunds are read after the lock is granted (each statement takes its own snapshot),
 * so a concurrent refund of the same payment has committed by then and is counted: two returns
 * can never refund past the capture. No round trip when the BEGIN did both (`paymentLockOpening`).
 */
export async function lockPaymentWithRefunds(
  manager: EntityManager,
  orderId: string,
): Promise<PaymentWithRefunds> {
  const opened = lockedPayment.get(manager);
  if (opened?.orderId === orderId) return opened.read;
  const [payments, refunds] = await runStatementBatch<PaymentRow & RefundRow>(
    manager,
    lockStatements(tableOf(manager, Payment), tableOf(manager, PaymentRefund)),
    [orderId],
  );
  return readOf(payments, refunds);
}

/** Everything refunded on the payment so far; 0 when nothing was. */
export async function refundedCentsOf(manager: EntityManager, paymentId: string): Promise<number> {
  const [{ total }] = (await manager.query(
    `SELECT coalesce(sum("amount_cents"), 0)::text AS total FROM ${tableOf(manager, PaymentRefund)}
      WHERE "payment_id" = $1`,
    [paymentId],
  )) as [{ total: string }];
  return Number(total);
}

function readOf([payment]: PaymentRow[], refunds: RefundRow[]): PaymentWithRefunds {
  return {
    payment: payment
      ? {
          id: payment.id,
          status: payment.status,
          amountCents: Number(payment.amount_cents),
          currency: payment.currency,
          cardToken: payment.card_token,
        }
      : null,
    refunds: refunds.map((row) => ({
      refundId: row.refund_id,
      returnId: row.return_id,
      amountCents: Number(row.amount_cents),
    })),
  };
}

function tableOf(manager: EntityManager, entity: typeof Payment | typeof PaymentRefund): string {
  const metadata = manager.connection.getMetadata(entity);
  return qualifiedTable(metadata.schema ?? 'public', metadata.tableName);
}
