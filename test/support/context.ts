import { createTestDatabase } from './database';
import { RunningApp, startApp } from './app';
import type { Pool } from 'pg';

export interface TestContext {
  app: RunningApp;
  db: Pool;
  databaseUrl: string;
}

/**
 * The usual e2e set-up: a database of this file's own and the server running on it. Call at the top
 * of a describe block; the returned object is filled in beforeAll.
 */
export function useApp(env: Record<string, string> = {}): TestContext {
  const context = {} as TestContext;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    context.db = database.pool;
    context.databaseUrl = database.url;
    context.app = await startApp({ DATABASE_URL: database.url, ...env });
  });
  afterAll(async () => {
    await context.app?.stop();
    await drop?.();
  });
  return context;
}
