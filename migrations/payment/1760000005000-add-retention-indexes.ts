import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  COMMAND_LEDGER,
  INBOX,
  createRetentionIndexes,
  dropRetentionIndexes,
} from '../history/retention-indexes';

const SCHEMA = 'payments';

/** Indexes retention pruning finds the inbox and the command ledger's old rows by. */
export class AddRetentionIndexes1760000005000 implements MigrationInterface {
  name = 'AddRetentionIndexes1760000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createRetentionIndexes(queryRunner, SCHEMA, [INBOX, COMMAND_LEDGER]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRetentionIndexes(queryRunner, SCHEMA, [INBOX, COMMAND_LEDGER]);
  }
}
