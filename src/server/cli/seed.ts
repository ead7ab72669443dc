import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { type Database, migrateDown, migrateToLatest, refreshPlannerStatistics } from '../db/database.ts';
import { openConfiguredDatabase } from '../db/open-from-config.ts';
import { type Config, ConfigError, loadConfig } from '../lib/config.ts';
import { storageFromConfig } from '../lib/storage.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCollege } from '../seed/demo.ts';
import { seedDepartement } from '../seed/departement.ts';

// npm run seed                             → the demo college (Collège Le Parc), if the database is empty
// npm run seed -- --schools 130            → a département of 130 collèges (benchmark data), into an empty database
// npm run seed -- --schools 130 --reset    → same, after wiping the database
// npm run seed -- --schools 130 --year     → same, then a whole school year in every school (grades, roll calls...)
// The database comes from the environment, as for the server: DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).

const USAGE = 'Usage: npm run seed [-- --schools N [--year] [--reset] [--password P]]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        schools: { type: 'string' },
        reset: { type: 'boolean', default: false },
        year: { type: 'boolean', default: false },
        password: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const schools = values.schools === undefined ? undefined : Number(values.schools);
    if (schools !== undefined && (!Number.isInteger(schools) || schools < 1 || schools > 999)) {
      fail(`--schools must be a whole number between 1 and 999\n${USAGE}`);
    }
    if (values.year && schools === undefined) fail(`--year goes with --schools N\n${USAGE}`);
    return { schools, reset: values.reset, year: values.year, password: values.password };
  } catch (e) {
    fail(`${(e as Error).message}\n${USAGE}`);
  }
}

/** Wipes the database: the SQLite file is deleted; PostgreSQL tables are dropped by migrating down. */
async function reset(config: Config, database: Database): Promise<Database> {
  if (database.engine === 'sqlite') {
    await database.close();
    const file = path.join(config.dataDir, 'preau.sqlite');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    console.log(`Deleted ${file}`);
    return openConfiguredDatabase(config);
  }
  let reverted = await migrateDown(database.db);
  while (reverted) {
    console.log(`Reverted ${reverted}`);
    reverted = await migrateDown(database.db);
  }
  return database;
}

/** Planner statistics right after the bulk load, rather than whenever autovacuum gets to it (PostgreSQL). */
async function analyzed(database: Database) {
  const t = Date.now();
  if (await refreshPlannerStatistics(database.db)) {
    console.log(`Planner statistics gathered (ANALYZE) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
}

/** The database's size on disk: the SQLite file and its WAL, or PostgreSQL's `pg_database_size`. */
async function databaseSize(config: Config, database: Database): Promise<string> {
  let bytes = 0;
  if (database.engine === 'sqlite') {
    // The last transactions are still in the WAL: fold them into the file first.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
    const file = path.join(config.dataDir, 'preau.sqlite');
    for (const f of [file, `${file}-wal`]) bytes += fs.existsSync(f) ? fs.statSync(f).size : 0;
  } else {
    const { rows } = await sql<{ size: string }>`select pg_database_size(current_database()) as size`.execute(
      database.db,
    );
    bytes = Number(rows[0]?.size ?? 0);
  }
  return `${(bytes / 1_048_576).toFixed(0)} MB`;
}

async function main() {
  const args = readArgs();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 78);
    throw e;
  }
  let database = openConfiguredDatabase(config);
  const where = database.engine === 'sqlite' ? path.join(config.dataDir, 'preau.sqlite') : 'PostgreSQL (DATABASE_URL)';
  try {
    if (args.reset) database = await reset(config, database);
    await migrateToLatest(database.db);
    const empty = await isDatabaseEmpty(database.db);
    const started = Date.now();

    if (args.schools === undefined) {
      if (!empty) {
        console.log(`${where} already holds data: nothing seeded (use --reset to start again).`);
        return;
      }
      console.log(`Seeding the demo college (Collège Le Parc) into ${where}...`);
      const storage = storageFromConfig(config);
      const summary = await seedDemoCollege(database.db, { storage }).finally(() => storage.close());
      console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
      await analyzed(database);
      console.log(`Demo sign-ins (password: ${DEMO_PASSWORD}): ${DEMO_LOGINS.join(', ')}`);
      return;
    }

    if (!empty) {
      fail(
        `${where} is not empty: the département is only built into an empty database.\n` +
          'Add --reset to wipe it first (every school, person and session in it is deleted).',
      );
    }
    console.log(`Building a département of ${args.schools} collèges into ${where}...`);
    const summary = await seedDepartement(database.db, {
      schools: args.schools,
      year: args.year,
      ...(args.password ? { password: args.password } : {}),
    });
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}`);
    await analyzed(database);
    console.log(`Database size: ${await databaseSize(config, database)} (${where})`);
    console.log(`Every account has the password '${args.password ?? DEMO_PASSWORD}' (benchmark data only).`);
  } finally {
    await database.close();
  }
}

await main();
