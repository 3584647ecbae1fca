import { join } from 'node:path';
import type { PlenaryDataSourceOptions, Pooling } from './pooling';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The options shared by the app, the CLI and ormconfig.ts: entities and migrations from the build
 * output, and the pooling DATABASE_POOLER settled on (read back with `poolingOf`).
 */
export function dataSourceOptions(url: string, poolSize = 20, pooling: Pooling = 'session'): PlenaryDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.js')],
    migrations: [join(__dirname, 'migrations', '*.js')],
    migrationsTableName: 'migrations',
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, application_name: 'plenary' },
    plenaryPooling: pooling,
  };
}
