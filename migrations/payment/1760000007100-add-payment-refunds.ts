import type { MigrationInterface, QueryRunner } from 'typeorm';

const SCHEMA = 'payments';

/**
 * Refunds for order returns. `card_token` keeps the token a payment was authorized with, since
 * the processor's answer to a refund depends on the card (`tok_refundDeclined`); payments made
 * before it existed have none and refund like any card. `return_id` is unique: one refund per
 * return, whatever the command ledger still remembers.
 */
export class AddPaymentRefunds1760000007100 implements MigrationInterface {
  name = 'AddPaymentRefunds1760000007100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."payments" ADD COLUMN "card_token" text`);
    await queryRunner.query(`
      CREATE TABLE "${SCHEMA}"."payment_refunds" (
        "refund_id" uuid PRIMARY KEY,
        "payment_id" uuid NOT NULL REFERENCES "${SCHEMA}"."payments" ("id"),
        "return_id" uuid NOT NULL UNIQUE,
        "amount_cents" bigint NOT NULL CHECK ("amount_cents" >= 0),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "payment_refunds_payment_id" ON "${SCHEMA}"."payment_refunds" ("payment_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${SCHEMA}"."payment_refunds"`);
    await queryRunner.query(`ALTER TABLE "${SCHEMA}"."payments" DROP COLUMN "card_token"`);
  }
}
