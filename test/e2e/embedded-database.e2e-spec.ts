import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../support/app';
import { dist } from '../support/paths';
import { freePort, spawnNode } from '../support/processes';

/** The `npm start` path with no DATABASE_URL: Plenary runs its own PostgreSQL in DATA_DIR/pg. */
describe('Embedded PostgreSQL (no DATABASE_URL)', () => {
  let dataDir: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'plenary-embedded-'));
    env = { DATABASE_URL: undefined, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const postmasterPid = (): number | undefined => {
    const file = join(dataDir, 'pg', 'postmaster.pid');
    return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
  };
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('starts on an empty data dir, serves health, and stops PostgreSQL with it on SIGINT', async () => {
    const app = await startApp(env);
    expect((await app.api.get('/health')).body).toEqual({ status: 'ok', database: 'up' });
    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    const pid = postmasterPid()!;
    expect(isAlive(pid)).toBe(true);

    expect(await app.stop('SIGINT')).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(postmasterPid()).toBeUndefined();
  });

  it('keeps data across restarts, and recovers after node is killed with SIGKILL', async () => {
    const first = await startApp(env);
    const login = await first.api.post('/auth/login', { email: 'admin@plenary.test', password: 'admin-password-123' });
    expect(login.status).toBe(200);
    const orphan = postmasterPid()!;

    first.process.child.kill('SIGKILL');
    await first.process.exited;
    expect(isAlive(orphan)).toBe(true); // PostgreSQL outlives a killed node process…

    const second = await startApp(env); // …and the next start stops it before starting its own.
    expect(second.process.output.join('\n')).toContain(`stopping an orphaned PostgreSQL (pid ${orphan})`);
    expect(isAlive(orphan)).toBe(false);
    expect((await second.api.get('/health')).body).toEqual({ status: 'ok', database: 'up' });
    const token = (await second.api.post('/auth/login', { email: 'admin@plenary.test', password: 'admin-password-123' })).body.accessToken;
    expect(token).toBeDefined();

    const pid = postmasterPid()!;
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('explains a port that is taken instead of failing with undefined', async () => {
    const blocker = await startApp(env);
    try {
      const other = mkdtempSync(join(tmpdir(), 'plenary-embedded-other-'));
      const second = spawnNode(dist('src', 'main.js'), [], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          DATA_DIR: other,
          EMBEDDED_PG_PORT: env.EMBEDDED_PG_PORT,
          PORT: String(await freePort()),
        },
      });
      expect(await second.exited).toBe(1);
      const output = second.output.join('\n');
      expect(output).toContain(`did not start on 127.0.0.1:${env.EMBEDDED_PG_PORT}`);
      expect(output).toContain('EMBEDDED_PG_PORT');
      expect(output).not.toContain('undefined');
      rmSync(other, { recursive: true, force: true });
    } finally {
      await blocker.stop();
    }
  });
});
