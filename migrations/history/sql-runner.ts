/** What a migration step needs: a TypeORM `QueryRunner`, a `DataSource` or a pg `Client`. */
export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}
