import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { withDatabase } from './global-setup';

/** A fresh, migrated database for one test file, cloned from the run's template (fast: a file copy). */
export async function createTestDatabase(): Promise<{ url: string; pool: Pool; drop(): Promise<void> }> {
  const adminUrl = process.env.PLENARY_TEST_ADMIN_URL!;
  const name = `plenary_t_${process.env.PLENARY_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${process.env.PLENARY_TEST_TEMPLATE_DB}`);
  const url = withDatabase(adminUrl, name);
  const pool = new Pool({ connectionString: url, max: 4 });
  return {
    url,
    pool,
    drop: async () => {
      // pg-pool's end() resolves once it has asked its idle connections to close, not once they have; DROP
      // DATABASE … WITH (FORCE) may then terminate one still closing (57P01), which the pool would emit as an
      // 'error' with no listener: an unhandled error failing whichever test file runs then. Those
      // connections are being closed anyway.
      pool.on('error', () => undefined);
      await pool.end();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Row count and a digest of every row of every table (Plenary's and the mail queue's), to show that
 * requests changed nothing: equal fingerprints mean equal contents.
 */
export async function databaseFingerprint(pool: Pool): Promise<Record<string, { rows: number; digest: string }>> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const fingerprint: Record<string, { rows: number; digest: string }> = {};
  for (const { name } of tables) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${name} t`,
    );
    fingerprint[name] = rows[0];
  }
  return fingerprint;
}
