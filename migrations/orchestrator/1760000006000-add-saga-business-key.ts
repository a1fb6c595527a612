import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orchestrator';

/**
 * The key an operator knows a saga by (an order-fulfillment saga's order id): a text column so
 * any saga type can declare one, indexed with the type so `GET /admin/sagas?businessKey=` is an
 * index lookup. Existing sagas take their order id.
 */
export class AddSagaBusinessKey1760000006000 implements MigrationInterface {
  name = 'AddSagaBusinessKey1760000006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" ADD COLUMN "business_key" text`);
    await queryRunner.query(
      `UPDATE "${SCHEMA}"."saga_instance" SET "business_key" = "order_id"::text WHERE "order_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "saga_instance_business_key" ON "${SCHEMA}"."saga_instance" ("business_key", "type")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "${SCHEMA}"."saga_instance_business_key"`);
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."saga_instance" DROP COLUMN "business_key"`);
  }
}
