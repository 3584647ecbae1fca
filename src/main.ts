import 'reflect-metadata';
import { createApp } from './app.factory';
import { DemoSeedService } from './demo/demo-seed.service';
import { printDemoSummary } from './demo/demo-summary';
import { ConfigError, loadConfig } from './config/load-config';
import { startDatabase } from './database/database-server';
import { runMigrations } from './database/migrate';
import { resolvePooling } from './database/pooling';
import { bootLogger } from './logging';

async function bootstrap(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = bootLogger(config);
  const database = await startDatabase(config, log.child({ component: 'postgres' }));
  const pooling = await resolvePooling(config, database.url, log);
  if (config.MIGRATIONS_RUN) {
    const applied = await runMigrations(database.url, pooling);
    if (applied.length > 0) log.info({ migrations: applied }, `Applied ${applied.length} migration(s)`);
  }
  const app = await createApp(config, database.url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal} received: finishing requests, then stopping`);
    try {
      // Stop taking connections now: Nest closes the HTTP server only after the mail workers have
      // finished what they hold (up to 30 s), and a load balancer should send new requests elsewhere
      // meanwhile. Requests in flight still complete; app.close() waits for them.
      app.getHttpServer().close();
      await app.close();
      await database.stop();
      log.info('Stopped cleanly');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'Error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  if (config.demoSeed) {
    await app.init(); // the mail queue starts in the lifecycle hooks, and seeding enqueues mail
    const demo = app.get(DemoSeedService);
    if (await demo.isEmpty()) {
      log.info('Empty database and DEMO_SEED: seeding the Islamabad demo');
      printDemoSummary(await demo.seed((step) => log.info(step)), (line) => log.info(line));
    }
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info(
    {
      port,
      startupMs: Date.now() - started,
      database: config.DATABASE_URL ? 'external' : 'embedded',
      databasePooler: config.DATABASE_POOLER,
    },
    `Plenary is listening on port ${port}; API docs at ${config.publicUrl}/api/docs`,
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Plenary could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
