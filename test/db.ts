import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database.ts';

// Kysely's migrator reads the catalogue of every schema in the database, and PostgreSQL fails such a read
// (3F000, 42P01, 42703...) when another test drops its schema or tables at that moment. Test processes
// run in parallel: migrations take this advisory lock shared, drops take it exclusive.
const CATALOGUE_LOCK = 731_100_001;

async function withCatalogueLock<T>(url: string, mode: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(mode === 'shared' ? 'select pg_advisory_lock_shared($1)' : 'select pg_advisory_lock($1)', [
      CATALOGUE_LOCK,
    ]);
    return await fn();
  } finally {
    await c.end(); // the lock goes with the session
  }
}

/** Runs `fn`, which drops tables, when no other test reads the catalogue (PostgreSQL); as is on SQLite. */
export function dropping<T>(fn: () => Promise<T>): Promise<T> {
  const url = process.env.PREAU_TEST_DATABASE_URL;
  return url ? withCatalogueLock(url, 'exclusive', fn) : fn();
}

/** Runs `fn`, which migrates, so that no other test's drop breaks its catalogue reads. */
export function migrating<T>(fn: () => Promise<T>): Promise<T> {
  const url = process.env.PREAU_TEST_DATABASE_URL;
  return url ? withCatalogueLock(url, 'shared', fn) : fn();
}

/**
 * A fresh, migrated database for one test: SQLite in memory by default; with PREAU_TEST_DATABASE_URL,
 * a PostgreSQL schema of its own, dropped on close.
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.PREAU_TEST_DATABASE_URL;
  if (!url) {
    const database = openDatabase({ sqliteFile: ':memory:' });
    await migrateToLatest(database.db);
    return database;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ databaseUrl: url, pgSchema: schema, pgPoolSize: 4 });
  await migrating(() => migrateToLatest(database.db));
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropping(async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      });
    },
  };
}
