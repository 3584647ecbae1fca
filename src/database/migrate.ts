import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import type { Pooling } from './pooling';

/** Any fixed number: instances that start together take turns to migrate. */
const MIGRATION_LOCK = 727_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several instances starting at once
 * against one database migrate it exactly once. Returns the names of the migrations applied.
 *
 * On a direct connection (`session` pooling) the lock is the session's, and each migration commits on
 * its own. Behind a transaction pooler a session lock would stay on whichever server connection took
 * it (and the unlock might run on another), so there the lock is taken with pg_advisory_xact_lock as
 * the first statement of ONE transaction that then reads which migrations are pending, runs them all
 * and records them: the lock, the check and the work share one server connection, and the commit (or
 * rollback) releases the lock.
 */
export async function runMigrations(url: string, pooling: Pooling = 'session'): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 1, pooling) });
  await dataSource.initialize();
  try {
    return pooling === 'transaction' ? await migrateInOneTransaction(dataSource) : await migrateUnderSessionLock(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function migrateUnderSessionLock(dataSource: DataSource): Promise<string[]> {
  await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

async function migrateInOneTransaction(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Transaction mode `all` on a runner already in a transaction: TypeORM runs every pending
      // migration inside it and leaves the commit to us.
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'all';
      const applied = await executor.executePendingMigrations();
      await runner.commitTransaction();
      return applied.map((migration) => migration.name);
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** The SQL that would bring the schema in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 1) });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}
