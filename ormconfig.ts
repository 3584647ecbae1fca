import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';
import { loadConfig } from './src/config/load-config';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:generate -- src/database/migrations/Name`).
 * It connects to DATABASE_URL, or to the embedded PostgreSQL of DATA_DIR while `npm start` runs it.
 */
function url(): string {
  const config = loadConfig();
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const passwordFile = join(config.DATA_DIR, 'pg-password');
  if (!existsSync(passwordFile)) throw new Error('Set DATABASE_URL, or run `npm start` once so the embedded PostgreSQL exists.');
  const password = encodeURIComponent(readFileSync(passwordFile, 'utf8').trim());
  return `postgres://postgres:${password}@127.0.0.1:${config.EMBEDDED_PG_PORT}/plenary`;
}

export default new DataSource(dataSourceOptions(url(), 2));
