import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, migrateToLatest, openDatabase } from '../src/server/db/database.ts';

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
  await migrateToLatest(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
