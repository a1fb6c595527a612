import type { MigrationInterface, QueryRunner } from 'typeorm';
import { INBOX, createRetentionIndexes, dropRetentionIndexes } from '../history/retention-indexes';

const SCHEMA = 'orchestrator';

/** Indexes retention pruning finds the inbox's old rows by. */
export class AddRetentionIndexes1760000005000 implements MigrationInterface {
  name = 'AddRetentionIndexes1760000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createRetentionIndexes(queryRunner, SCHEMA, [INBOX]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropRetentionIndexes(queryRunner, SCHEMA, [INBOX]);
  }
}
