import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/load-config';
import { configuredPooling } from '../../src/database/pooling';
import { runMigrations } from '../../src/database/migrate';
import { LetterSources, Passport } from '../../src/documents/letters-sources';

/**
 * The server as `node dist/src/main.js` runs it, with the letters' PassportSource in place of the identity
 * feature's: passport data from the JSON file TEST_PASSPORTS_FILE (registration id → passport, written by
 * the test and read at each letter), so a test needs no accreditation. Letterheads are the real ones, the
 * files the tests upload (PUT /events/:id/letter-template/letterhead). Started by test/support/letters.ts
 * through startApp's `main`.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('the letters test server needs DATABASE_URL');
  await runMigrations(config.DATABASE_URL, configuredPooling(config));
  const app = await createApp(config, config.DATABASE_URL);
  const passportsFile = process.env.TEST_PASSPORTS_FILE;
  app.get(LetterSources).use({
    passports: {
      read: (registrationId: string) => {
        if (!passportsFile) return Promise.resolve(null);
        const passports = JSON.parse(readFileSync(passportsFile, 'utf8')) as Record<string, Passport>;
        return Promise.resolve(passports[registrationId] ?? null);
      },
    },
  });
  process.on('SIGTERM', () => {
    app.getHttpServer().close();
    void app.close().then(() => process.exit(0));
  });
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The letters test server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
