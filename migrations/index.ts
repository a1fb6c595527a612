import type { DataOwningService } from '@app/config';
import type { MigrationClass } from './migration-class';
import { inventoryMigrations } from './inventory';
import { orchestratorMigrations } from './orchestrator';
import { orderMigrations } from './order';
import { paymentMigrations } from './payment';
import { shippingMigrations } from './shipping';

/**
 * Each service's migrations, imported explicitly (no globbing) so the same list works under
 * jest, tsx and the compiled dist. A service's folder `migrations/<service>/` holds
 * `<timestamp>-<Name>.ts` files and an `index.ts` listing them in order.
 */
const MIGRATIONS: Record<DataOwningService, readonly MigrationClass[]> = {
  orchestrator: orchestratorMigrations,
  order: orderMigrations,
  payment: paymentMigrations,
  inventory: inventoryMigrations,
  shipping: shippingMigrations,
};

export function migrationsFor(service: DataOwningService): MigrationClass[] {
  return [...MIGRATIONS[service]];
}
