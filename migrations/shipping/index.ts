import type { MigrationClass } from '../migration-class';
import { CreateMessagingTables1760000000000 } from './1760000000000-CreateMessagingTables';
import { CreateShippingTables1760000002000 } from './1760000002000-create-shipping-tables';
import { AddRetentionIndexes1760000005000 } from './1760000005000-add-retention-indexes';
import { KeyLedgerByBusinessKey1760000007300 } from './1760000007300-key-ledger-by-business-key';

/** In the order they run; add each new migration here. */
export const shippingMigrations: MigrationClass[] = [
  CreateMessagingTables1760000000000,
  CreateShippingTables1760000002000,
  AddRetentionIndexes1760000005000,
  KeyLedgerByBusinessKey1760000007300,
];
