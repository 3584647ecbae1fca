import { createTestDatabase } from './database';
import { RunningApp, startApp } from './app';
import { createUser, TestUser } from './factories';
import type { ApiClient } from './http';
import { SmtpSink, startSmtpSink } from './smtp';
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
    drop = () => database.drop();
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

export interface RestartableMailServer {
  sink: SmtpSink;
  database: { url: string; pool: Pool };
  /** The server running now; replaced by `start()`. */
  app: RunningApp;
  organiser: TestUser;
  /** Starts a server on the same database and sink (it listens on a new port) and makes it `app`. */
  start(): Promise<RunningApp>;
  /** The organiser's client for the server running now. */
  api(): ApiClient;
}

/**
 * For tests that stop and restart the server during a mailing: an SMTP sink, a database of this file's
 * own, the server (with `env`) and an organiser, set up in beforeAll and stopped in afterAll.
 */
export function useRestartableMailServer(env: Record<string, string>): RestartableMailServer {
  const context = {} as RestartableMailServer;
  let drop: () => Promise<void>;
  context.start = async () => (context.app = await startApp({ DATABASE_URL: context.database.url, SMTP_URL: context.sink.url, ...env }));
  context.api = () => context.app.api.as(context.organiser.token);
  beforeAll(async () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    [context.sink, database] = await Promise.all([startSmtpSink(), createTestDatabase()]);
    context.database = database;
    drop = () => database.drop();
    await context.start();
    context.organiser = await createUser(context.app.api, 'organiser');
  });
  afterAll(async () => {
    await context.app?.stop();
    await Promise.all([context.sink?.stop(), drop?.()]);
  });
  return context;
}
