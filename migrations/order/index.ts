import type { MigrationClass } from '../migration-class';
import { CreateMessagingTables1760000000000 } from './1760000000000-CreateMessagingTables';
import { CreateOrderTables1760000002000 } from './1760000002000-create-order-tables';
import { AddRetentionIndexes1760000005000 } from './1760000005000-add-retention-indexes';
import { CreateOrderReturns1760000007200 } from './1760000007200-create-order-returns';
import { KeyLedgerByBusinessKey1760000007300 } from './1760000007300-key-ledger-by-business-key';

/** In the order they run; add each new migration here. */
export const orderMigrations: MigrationClass[] = [
  CreateMessagingTables1760000000000,
  CreateOrderTables1760000002000,
  AddRetentionIndexes1760000005000,
  CreateOrderReturns1760000007200,
  KeyLedgerByBusinessKey1760000007300,
];
