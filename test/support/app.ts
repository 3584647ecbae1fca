import { dist } from './paths';
import { freePort, spawnNode, Spawned } from './processes';
import { ApiClient } from './http';
import { startPgBouncer } from './pgbouncer';

export const ADMIN = { email: 'admin@plenary.test', password: 'admin-password-123' };
/** The servers under test sign with this; scripts that share their database (invitation tokens) use it too. */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export interface RunningApp {
  url: string;
  port: number;
  api: ApiClient;
  process: Spawned;
  /** Sends a signal and waits for the process to exit; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real server (`node dist/src/main.js`, the production entry point) on a free port against
 * the given database, and waits until it listens. With PLENARY_TEST_POOLER=pgbouncer in the test's
 * environment, a server given a DATABASE_URL reaches it through a PgBouncer of its own in transaction
 * mode (DATABASE_POOLER=transaction), stopped with it: any e2e file can then run through the pooler.
 * `main` runs another build's entry point instead (a benchmark comparing two builds).
 */
export async function startApp(env: Record<string, string | undefined>, { main = dist('src', 'main.js') } = {}): Promise<RunningApp> {
  if (process.env.PLENARY_TEST_POOLER === 'pgbouncer' && env.DATABASE_URL && env.DATABASE_POOLER === undefined) {
    const pgbouncer = await startPgBouncer(env.DATABASE_URL, { poolMode: 'transaction', poolSize: 4 });
    try {
      const app = await startApp({ ...env, DATABASE_URL: pgbouncer.url, DATABASE_POOLER: 'transaction' }, { main });
      return { ...app, stop: async (signal) => app.stop(signal).finally(() => pgbouncer.stop()) };
    } catch (error) {
      await pgbouncer.stop();
      throw error;
    }
  }
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawnNode(main, [], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: TEST_JWT_SECRET,
      LOGIN_RATE_LIMIT: '0',
      ...env,
      PORT: String(port),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(url, child, 120_000);
  } catch (error) {
    child.child.kill('SIGKILL'); // never leave a half-started server behind
    throw error;
  }
  return {
    url,
    port,
    api: new ApiClient(`${url}/api/v1`),
    process: child,
    stop: async (signal = 'SIGTERM') => {
      if (child.child.exitCode === null) child.child.kill(signal);
      return child.exited;
    },
  };
}

/** Polls /health until it answers 200 (works at any LOG_LEVEL); fails early if the process exits. */
async function waitUntilHealthy(url: string, child: Spawned, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null)
      throw new Error(`The server exited (${child.child.exitCode}) before listening. Output:\n${child.output.slice(-40).join('\n')}`);
    const healthy = await fetch(`${url}/api/v1/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  child.child.kill('SIGKILL');
  throw new Error(`The server did not answer /health within ${timeoutMs} ms. Output:\n${child.output.slice(-40).join('\n')}`);
}
