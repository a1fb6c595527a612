import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '../history/messaging-tables';

export class CreateMessagingTables1760000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1760000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner, 'shipping');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner, 'shipping');
  }
}
