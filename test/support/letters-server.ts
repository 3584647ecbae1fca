import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/load-config';
import { configuredPooling } from '../../src/database/pooling';
import { runMigrations } from '../../src/database/migrate';
import { LetterSources, Passport } from '../../src/documents/letters-sources';

/**
 * The server as `node dist/src/main.js` runs it, with the letters' sources plugged in as the accreditation
 * and files parts of issue 18 will plug in theirs: passport data from the JSON file TEST_PASSPORTS_FILE
 * (registration id → passport, written by the test and read at each letter) and every letterhead from the
 * image TEST_LETTERHEAD_FILE. Started by test/support/letters.ts through startApp's `main`.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('the letters test server needs DATABASE_URL');
  await runMigrations(config.DATABASE_URL, configuredPooling(config));
  const app = await createApp(config, config.DATABASE_URL);
  const passportsFile = process.env.TEST_PASSPORTS_FILE;
  const letterheadFile = process.env.TEST_LETTERHEAD_FILE;
  app.get(LetterSources).use({
    passports: {
      read: (registrationId: string) => {
        if (!passportsFile) return Promise.resolve(null);
        const passports = JSON.parse(readFileSync(passportsFile, 'utf8')) as Record<string, Passport>;
        return Promise.resolve(passports[registrationId] ?? null);
      },
    },
    letterheads: { read: () => Promise.resolve(letterheadFile ? readFileSync(letterheadFile) : null) },
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
