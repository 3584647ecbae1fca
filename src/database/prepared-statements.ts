import { Logger } from '@nestjs/common';
import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { poolingOf } from './pooling';
import type { NamedStatement } from './sql';

/** PostgreSQL's answers when a named statement is missing on, or already known to, the server session: the signs of a transaction pooler. */
const NAMED_STATEMENT_ERRORS = new Set(['26000', '42P05']);

/**
 * Named (prepared) statements on TypeORM's own pool, for the few hottest queries: PostgreSQL parses and
 * plans each once per connection instead of on every call. Runs outside any TypeORM transaction, as a
 * single statement.
 *
 * A named statement lives in one server session. Behind a transaction pooler (DATABASE_POOLER=transaction,
 * or detected at start-up) the next call may reach another session, where the name is unknown or was
 * prepared by another client, so there every statement goes unnamed: the same SQL, parsed on each call.
 */
export class PreparedStatements {
  private static readonly logger = new Logger('PreparedStatements');
  private static hinted = false;
  private readonly named: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.named = poolingOf(dataSource) === 'session';
  }

  async run<T extends QueryResultRow>({ name, text, values }: NamedStatement): Promise<T[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    try {
      const result = await pool.query<T>(this.named ? { name, text, values } : { text, values });
      return result.rows;
    } catch (error) {
      if (this.named && NAMED_STATEMENT_ERRORS.has((error as { code?: string }).code ?? '') && !PreparedStatements.hinted) {
        PreparedStatements.hinted = true;
        PreparedStatements.logger.error(
          `Prepared statement "${name}" was lost between transactions: DATABASE_URL seems to go through a pooler in transaction mode. Set DATABASE_POOLER=transaction.`,
        );
      }
      throw error;
    }
  }
}
