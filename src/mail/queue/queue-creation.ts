import type PgBoss from 'pg-boss';
import type { DataSource } from 'typeorm';

/** Any fixed number (the migration lock is 727_001): instances that start together create the queue in turn. */
const QUEUE_CREATION_LOCK = 727_002;

/**
 * Creates a pg-boss queue unless it exists. pg-boss's create_queue deadlocks when two instances run it
 * at once for a new queue (each inserts the queue's row, then adds foreign keys to that table), which
 * stopped one of two instances starting together on a new database. So instances take turns: a
 * transaction-scoped advisory lock, held on one of Plenary's connections while pg-boss creates the queue
 * on its own; the next instance finds the queue there and pg-boss does nothing.
 */
export async function createQueueInTurn(dataSource: DataSource, boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [QUEUE_CREATION_LOCK]);
    await boss.createQueue(name, options);
  });
}
