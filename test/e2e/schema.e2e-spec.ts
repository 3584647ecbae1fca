import { execFileSync } from 'node:child_process';
import { createTestDatabase } from '../support/database';
import { dist } from '../support/paths';

describe('Schema', () => {
  it('has no pending changes: the migrations create exactly what the entities describe', async () => {
    const database = await createTestDatabase();
    try {
      const output = execFileSync(process.execPath, [dist('test', 'support', 'schema-drift.js'), database.url], { encoding: 'utf8' });
      expect(JSON.parse(output)).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('names every constraint explicitly', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await database.pool.query(
        `SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE n.nspname = 'public' AND c.conrelid <> 'migrations'::regclass AND conname !~ '^(pk|uq|fk|ck|ex)_'`,
      );
      expect(rows).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it("takes queued mail in pg-boss's order from an index, without sorting every waiting job, for queues made later too", async () => {
    const database = await createTestDatabase();
    try {
      // The migrations created pg-boss's schema; a queue made afterwards, as pg-boss makes them, with 5,000 jobs waiting.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- pg-boss exports its SQL plans only from this untyped file
      const plans = require('pg-boss/src/plans') as {
        createQueue(schema: string): string;
        fetchNextJob(schema: string): (options: object) => string;
      };
      await database.pool.query(plans.createQueue('pgboss'), ['later-queue', JSON.stringify({ policy: 'standard' })]);
      await database.pool.query(
        `INSERT INTO pgboss.job (name, data) SELECT 'later-queue', jsonb_build_object('n', n) FROM generate_series(1, 5000) AS n`,
      );
      await database.pool.query('ANALYZE pgboss.job');
      const { rows } = await database.pool.query(`EXPLAIN (FORMAT JSON) ${plans.fetchNextJob('pgboss')({ includeMetadata: true })}`, [
        'later-queue',
        50,
      ]);
      // The part that picks the 50 jobs (pg-boss's CTE "next"): an ordered index scan, and no sort of the 5,000.
      type PlanNode = { 'Node Type': string; 'Subplan Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
      const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
      const picking = nodes(rows[0]['QUERY PLAN'][0].Plan).find((node) => node['Subplan Name'] === 'CTE next')!;
      const kinds = nodes(picking).map((node) => [node['Node Type'], node['Index Name'] ?? '']);
      expect(kinds).toEqual([
        ['Limit', ''],
        ['LockRows', ''],
        ['Index Scan', expect.stringMatching(/priority_created_on_id_idx$/)],
      ]);
    } finally {
      await database.drop();
    }
  });
});
