import { AppConfig } from '../config/app-config';
import { EmbeddedPostgresOptions, RunningDatabase, startEmbeddedPostgres } from './embedded-postgres';

/** DATABASE_URL when set; otherwise an embedded PostgreSQL in DATA_DIR/pg that stops with the process. */
export async function startDatabase(config: AppConfig, log: EmbeddedPostgresOptions['log']): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: () => Promise.resolve() };
  return startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, log });
}
