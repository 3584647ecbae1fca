import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { createQueueInTurn } from '../../src/mail/queue/queue-creation';
import { createTestDatabase } from '../support/database';

/**
 * Two instances starting together on a new database both create the mail queue. pg-boss's own
 * create_queue deadlocks when run twice at once for a new queue, and PostgreSQL then aborts one of
 * them, which stopped that instance (seen in CI: "The server exited (1) before listening").
 */
const MAIL_QUEUE = 'mail';

describe('Two instances creating the mail queue at the same time', () => {
  it('both succeed, round after round, and the queue exists once', async () => {
    for (let round = 1; round <= 5; round++) {
      const database = await createTestDatabase(); // migrated: pg-boss's schema, but no queue yet
      const dataSources = [0, 1].map(() => new DataSource({ type: 'postgres', url: database.url, poolSize: 2 }));
      const bosses = [0, 1].map(() => new PgBoss({ connectionString: database.url, max: 2, schedule: false, supervise: false }));
      try {
        await Promise.all([...dataSources.map((dataSource) => dataSource.initialize()), ...bosses.map((boss) => boss.start())]);
        const results = await Promise.allSettled(
          bosses.map((boss, i) => createQueueInTurn(dataSources[i], boss, MAIL_QUEUE, { name: MAIL_QUEUE, policy: 'standard' })),
        );
        expect([round, results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'created'))]).toEqual([
          round,
          ['created', 'created'],
        ]);
        const { rows } = await database.pool.query('SELECT name, policy FROM pgboss.queue');
        expect(rows).toEqual([{ name: MAIL_QUEUE, policy: 'standard' }]);
      } finally {
        await Promise.all(bosses.map((boss) => boss.stop({ graceful: false, wait: true })));
        await Promise.all(dataSources.filter((dataSource) => dataSource.isInitialized).map((dataSource) => dataSource.destroy()));
        await database.drop();
      }
    }
  });
});
