import path from 'node:path';
import type { Config } from '../lib/config.ts';
import { type Database, openDatabase } from './database.ts';

/** The database named by the configuration: PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR. */
export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    sqliteFile: path.join(config.dataDir, 'preau.sqlite'),
    pgPoolSize: 20,
  });
}
