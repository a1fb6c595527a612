import type { MigrationClass } from '../migration-class';
import { CreateMessagingTables1760000000000 } from './1760000000000-CreateMessagingTables';
import { CreateSagaTables1760000001000 } from './1760000001000-create-saga-tables';
import { AddSagaTraceParent1760000003000 } from './1760000003000-add-saga-trace-parent';
import { AddStepLastCommandAt1760000004000 } from './1760000004000-add-step-last-command-at';
import { AddRetentionIndexes1760000005000 } from './1760000005000-add-retention-indexes';
import { AddIdempotencyKeyAt1760000005100 } from './1760000005100-add-idempotency-key-at';
import { AddSagaBusinessKey1760000006000 } from './1760000006000-add-saga-business-key';
import { DropSagaOrderId1760000007000 } from './1760000007000-drop-saga-order-id';

/** In the order they run; add each new migration here. */
export const orchestratorMigrations: MigrationClass[] = [
  CreateMessagingTables1760000000000,
  CreateSagaTables1760000001000,
  AddSagaTraceParent1760000003000,
  AddStepLastCommandAt1760000004000,
  AddRetentionIndexes1760000005000,
  AddIdempotencyKeyAt1760000005100,
  AddSagaBusinessKey1760000006000,
  DropSagaOrderId1760000007000,
];
