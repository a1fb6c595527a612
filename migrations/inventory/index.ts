import type { MigrationClass } from '../migration-class';
import { CreateMessagingTables1760000000000 } from './1760000000000-CreateMessagingTables';
import { CreateInventoryTables1760000002000 } from './1760000002000-create-inventory-tables';
import { SeedDemoStock1760000002100 } from './1760000002100-seed-demo-stock';
import { AddRetentionIndexes1760000005000 } from './1760000005000-add-retention-indexes';
import { AddRestocks1760000007100 } from './1760000007100-add-restocks';
import { KeyLedgerByBusinessKey1760000007300 } from './1760000007300-key-ledger-by-business-key';

/** In the order they run; add each new migration here. */
export const inventoryMigrations: MigrationClass[] = [
  CreateMessagingTables1760000000000,
  CreateInventoryTables1760000002000,
  SeedDemoStock1760000002100,
  AddRetentionIndexes1760000005000,
  AddRestocks1760000007100,
  KeyLedgerByBusinessKey1760000007300,
];
