import type { MigrationClass } from '../migration-class';
import { CreateMessagingTables1760000000000 } from './1760000000000-CreateMessagingTables';
import { CreatePaymentTables1760000002000 } from './1760000002000-create-payment-tables';
import { AddRetentionIndexes1760000005000 } from './1760000005000-add-retention-indexes';
import { AddPaymentRefunds1760000007100 } from './1760000007100-add-payment-refunds';
import { KeyLedgerByBusinessKey1760000007300 } from './1760000007300-key-ledger-by-business-key';

/** In the order they run; add each new migration here. */
export const paymentMigrations: MigrationClass[] = [
  CreateMessagingTables1760000000000,
  CreatePaymentTables1760000002000,
  AddRetentionIndexes1760000005000,
  AddPaymentRefunds1760000007100,
  KeyLedgerByBusinessKey1760000007300,
];
