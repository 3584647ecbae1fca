import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dist } from './paths';
import { freePort, spawnNode } from './processes';

/**
 * Once per `npm test`: a PostgreSQL server (TEST_DATABASE_URL/DATABASE_URL, or an embedded one) and a
 * migrated template database that each test file clones into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenary-test-db-'));
    const server = spawnNode(dist('test', 'support', 'embedded-db-server.js'), [dataDir, String(await freePort())], { detached: true });
    const [, url] = await server.waitFor(/^READY (\S+)/, 120_000);
    server.child.unref();
    (server.child.stdout as NodeJS.ReadableStream & { unref?: () => void })?.unref?.();
    (server.child.stderr as NodeJS.ReadableStream & { unref?: () => void })?.unref?.();
    process.env.PLENARY_TEST_EMBEDDED_PID = String(server.child.pid);
    process.env.PLENARY_TEST_EMBEDDED_DIR = dataDir;
    adminUrl = url;
  }
  process.env.PLENARY_TEST_ADMIN_URL = adminUrl;
  process.env.PLENARY_TEST_RUN_ID = String(process.pid);

  const template = `plenary_tpl_${process.pid}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${template}`);
    await client.query(`CREATE DATABASE ${template}`);
  } finally {
    await client.end();
  }
  const templateUrl = withDatabase(adminUrl, template);
  execFileSync(process.execPath, [dist('src', 'cli', 'main.js'), 'migration:run'], {
    env: { ...process.env, DATABASE_URL: templateUrl, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
  process.env.PLENARY_TEST_TEMPLATE_DB = template;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
