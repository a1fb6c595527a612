import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'inventory';

/**
 * The demo catalogue (DESIGN "Demo domain rules"): SKU-001…SKU-100 with 1,000,000 units each
 * and SKU-OOS with none. Only missing rows are inserted, so stock an operator set survives.
 */
export class SeedDemoStock1760000002100 implements MigrationInterface {
  name = 'SeedDemoStock1760000002100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "${SCHEMA}"."stock" ("sku", "available", "reserved")
      SELECT 'SKU-' || lpad(n::text, 3, '0'), 1000000, 0 FROM generate_series(1, 100) AS n
      UNION ALL SELECT 'SKU-OOS', 0, 0
      ON CONFLICT ("sku") DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM "${SCHEMA}"."stock"
      WHERE ("sku" ~ '^SKU-[0-9]{3}$' OR "sku" = 'SKU-OOS') AND "reserved" = 0`);
  }
}
