import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** Drops the databases of this run and stops the embedded server, if one was started. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.PLENARY_TEST_ADMIN_URL;
  if (adminUrl) {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2',
        [`plenary_t_${process.env.PLENARY_TEST_RUN_ID}_`, process.env.PLENARY_TEST_TEMPLATE_DB],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  const pid = Number(process.env.PLENARY_TEST_EMBEDDED_PID);
  if (pid) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((done) => setTimeout(done, 100));
    rmSync(process.env.PLENARY_TEST_EMBEDDED_DIR!, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
