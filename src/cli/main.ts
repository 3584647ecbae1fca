import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '../config/load-config';
import { startDatabase } from '../database/database-server';
import { runMigrations } from '../database/migrate';
import { resolvePooling } from '../database/pooling';
import { bootLogger } from '../logging';
import { CliModule } from './cli.module';

/** `npm run cli -- <command>`: starts the database (embedded unless DATABASE_URL), migrates, runs the command. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = bootLogger(config);
  const database = await startDatabase(config, log.child({ component: 'postgres' }));
  try {
    const pooling = await resolvePooling(config, database.url, log);
    if (process.argv[2] === 'migration:run') {
      const applied = await runMigrations(database.url, pooling);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
      return;
    }
    if (config.MIGRATIONS_RUN) await runMigrations(database.url, pooling);
    // The CLI may enqueue mail but never sends it: the servers' workers do.
    config.MAIL_WORKER_CONCURRENCY = 0;
    const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, database.url), {
      logger: ['error', 'warn'],
      serviceErrorHandler: (error) => {
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      },
    });
    try {
      await CommandFactory.runApplication(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof HttpException
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
