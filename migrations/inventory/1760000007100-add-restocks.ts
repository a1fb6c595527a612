import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'inventory';

/**
 * The units each order return put back on the shelf, one row per return: its primary key is
 * what keeps a resent restock from adding the units twice, even after the command ledger
 * pruned its entry.
 */
export class AddRestocks1760000007100 implements MigrationInterface {
  name = 'AddRestocks1760000007100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."restocks" (
        "return_id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL,
        "items" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."restocks"`);
  }
}
