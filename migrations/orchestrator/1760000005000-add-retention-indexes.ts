import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inboxTable, retentionIndexSql } from '@app/persistence';

const SCHEMA = 'orchestrator';

/** Indexes retention pruning finds the inbox's old rows by. */
export class AddRetentionIndexes1760000005000 implements MigrationInterface {
  name = 'AddRetentionIndexes1760000005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of [inboxTable(SCHEMA)]) await queryRunner.query(retentionIndexSql(table).up);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [inboxTable(SCHEMA)]) await queryRunner.query(retentionIndexSql(table).down);
  }
}
