import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * The engine stores a generic business key (indexed with the type since 1760000006000), so the
 * order id, the demo's domain, leaves its schema. A saga whose business key is still empty takes
 * its order id first, so no lookup loses a saga. Down restores the column from the keys of the
 * order-fulfillment sagas, the only ones that had an order id.
 */
export class DropSagaOrderId1760000007000 implements MigrationInterface {
  name = 'DropSagaOrderId1760000007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "${SCHEMA}"."saga_instance" SET "business_key" = "order_id"::text
       WHERE "business_key" IS NULL AND "order_id" IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "${SCHEMA}"."saga_instance_order_id"`);
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" DROP COLUMN "order_id"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" ADD COLUMN "order_id" uuid`);
    await queryRunner.query(
      `UPDATE "${SCHEMA}"."saga_instance" SET "order_id" = "business_key"::uuid
       WHERE "type" = 'order-fulfillment' AND "business_key" ~ '${UUID}'`,
    );
    await queryRunner.query(
      `CREATE INDEX "saga_instance_order_id" ON "${SCHEMA}"."saga_instance" ("order_id")`,
    );
  }
}
