import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  keyProcessedCommandsByBusinessKey,
  keyProcessedCommandsByOrderId,
} from '../history/processed-commands-table';

const SCHEMA = 'inventory';

/** The command ledger keyed by the sending saga's business key (two returns of one order are two effects). */
export class KeyLedgerByBusinessKey1760000007300 implements MigrationInterface {
  name = 'KeyLedgerByBusinessKey1760000007300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await keyProcessedCommandsByBusinessKey(queryRunner, SCHEMA);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await keyProcessedCommandsByOrderId(queryRunner, SCHEMA);
  }
}
