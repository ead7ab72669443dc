import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { DB } from './types.ts';

// COUNT(*) and other int8 results come back as strings from pg by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://... ; when absent, SQLite is used. */
  databaseUrl?: string | undefined;
  /** SQLite file, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests give each database its own). */
  pgSchema?: string;
  pgPoolSize?: number;
}

export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.pgPoolSize ?? 10,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    pool.on('connect', preparesNamedStatements);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL + synchronous=FULL: an acknowledged write survives a crash (see CONVENTIONS).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // Reads through mmap: a page not in SQLite's cache costs a page fault, not a read() and a copy.
  sqlite.pragma('mmap_size = 1073741824');
  sqlite.pragma('temp_store = MEMORY');
  // SQLite's lower() only folds ASCII: 'Élodie' would not match 'élodie' as it does on PostgreSQL.
  sqlite.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  const cached = withStatementCache(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached }) });
  directSqlite.set(db, {
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare: cached.prepare,
  });
  return { db, engine: 'sqlite', close: () => db.destroy() };
}

/** SQL of the prepared() queries (the hot ones, a bounded set of shapes), each with its statement name. */
const statementNames = new Map<string, string>();

/** prepared() registers its compiled SQL: on PostgreSQL it then runs as a named, server-side prepared statement. */
export function nameStatement(text: string) {
  if (!statementNames.has(text)) statementNames.set(text, `preau_${statementNames.size}`);
}

/**
 * PostgreSQL plans every unnamed statement anew. Planning the timetable's joins (six tables) cost more than
 * running them: measured on the 130-school database, most of PostgreSQL's CPU for the pupil's week. Kysely
 * sends `client.query(text, values)`; for the registered texts, this sends the same with a name, so each
 * connection parses once and PostgreSQL may reuse a generic plan (plan_cache_mode auto).
 */
function preparesNamedStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof text === 'string' && Array.isArray(values) ? statementNames.get(text) : undefined;
    if (name === undefined) return callback === undefined ? query(text, values) : query(text, values, callback);
    return query({ name, text, values }, callback);
  }) as typeof client.query;
}

/** What prepared() needs to run a compiled read straight on the synchronous SQLite connection. */
export interface DirectSqlite {
  readonly inTransaction: boolean;
  prepare(text: string): SQLite.Statement;
}

const directSqlite = new WeakMap<object, DirectSqlite>();

/** The SQLite connection behind a Kysely instance (not a transaction), for prepared(); undefined otherwise. */
export const directSqliteOf = (db: object): DirectSqlite | undefined => directSqlite.get(db);

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running most of our
 * indexed queries. Cache prepared statements by SQL text (bounded; our SQL is built from a fixed set of
 * query shapes, values are always bound parameters).
 */
function withStatementCache(sqlite: SQLite.Database, max = 2000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/**
 * Kysely looks for its migration tables in every schema unless told which one: on PostgreSQL, a database
 * holding another schema with them (another Préau, parallel test runs) made it skip creating ours. Pin them
 * to the current schema, where the migrations create their tables.
 */
async function newMigrator(db: Kysely<DB>): Promise<Migrator> {
  const provider = { getMigrations: async () => migrations };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return new Migrator({ db, provider });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return new Migrator({ db, provider, migrationTableSchema: rows[0]?.schema ?? 'public' });
}

/** Brings the schema to the latest migration; throws on failure with the migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = await newMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

export async function migrateDown(db: Kysely<DB>): Promise<string | undefined> {
  const migrator = await newMigrator(db);
  const { error, results } = await migrator.migrateDown();
  if (error) throw new Error(`Migration down failed: ${String(error)}`, { cause: error });
  return results?.[0]?.migrationName;
}

export async function ping(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * PostgreSQL plans from table statistics that autovacuum gathers a while after data arrives, and never when
 * autovacuum is off. Without them it guesses table sizes from pages and, on the département database, chose
 * parallel hash joins over every person for the pupil's week (0.5 s a request, issue 16). After a bulk load
 * (seed), gather them at once. SQLite's plans are left as they were measured (no sqlite_stat1).
 */
export async function refreshPlannerStatistics(db: Kysely<DB>): Promise<boolean> {
  if (!isPostgres(db)) return false;
  await sql`analyze`.execute(db);
  return true;
}

/** PostgreSQL with autovacuum off: statistics go stale as data grows, and plans with them. */
export async function isAutovacuumOff(db: Kysely<DB>): Promise<boolean> {
  if (!isPostgres(db)) return false;
  const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(db);
  return rows[0]?.autovacuum === 'off';
}
