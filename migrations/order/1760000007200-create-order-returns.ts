import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'orders';

/**
 * Returns of an order's items. A PENDING or REFUNDED return holds its quantities (what a later
 * return may still take is ordered − held); a REJECTED one holds none and says why. Indexed by
 * order and creation time: a return request reads every return of its order, and the order
 * view lists them in that order.
 */
export class CreateOrderReturns1760000007200 implements MigrationInterface {
  name = 'CreateOrderReturns1760000007200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."order_returns" (
        "return_id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('PENDING', 'REFUNDED', 'REJECTED')),
        "reason" text NOT NULL,
        "items" jsonb NOT NULL,
        "refund_cents" bigint NOT NULL CHECK ("refund_cents" >= 0),
        "reject_code" text,
        "reject_reason" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("status" = 'REJECTED' OR ("reject_code" IS NULL AND "reject_reason" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "order_returns_order_id" ON "${SCHEMA}"."order_returns" ("order_id", "created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."order_returns"`);
  }
}
