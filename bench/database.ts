import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Insertable, Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, refreshPlannerStatistics } from '../src/server/db/database.ts';
import type { DB } from '../src/server/db/types.ts';
import type { BenchOptions } from './options.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Written next to the database once the seed has finished: its presence means "complete, reuse it". */
export interface BuildMarker {
  engine: string;
  schools: number;
  /** Seeded with --year (absent in markers written before it existed: false). */
  year?: boolean;
  builtAt: string;
  seedSeconds: number;
  counts?: Record<string, number>;
}

export interface DatabaseInfo {
  reused: boolean;
  /** Seconds the seed took: this run's when built now, else the recorded one. */
  seedSeconds: number;
  builtAt: string;
  counts: Record<string, number>;
}

const markerFile = (o: BenchOptions) => path.join(o.dataDir, `bench-db-${o.engine}.json`);
export const sqliteFile = (o: BenchOptions) => path.join(o.dataDir, 'preau.sqlite');

/** A URL safe to print: the password, if any, masked. */
export const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Opens the bench database for reading (SQLite read-only; PostgreSQL via the app's own opener). */
export function openReadOnly(o: BenchOptions): { db: Kysely<DB>; close: () => Promise<void> } {
  if (o.engine === 'postgres') {
    const d = openDatabase({ databaseUrl: o.databaseUrl, pgPoolSize: 2 });
    return { db: d.db, close: d.close };
  }
  const sqlite = new SQLite(sqliteFile(o), { readonly: true, fileMustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, close: () => db.destroy() };
}

/** Opens it for writing: only used to remove the sessions the benchmark opened. */
function openWritable(o: BenchOptions) {
  return openDatabase(
    o.engine === 'postgres' ? { databaseUrl: o.databaseUrl, pgPoolSize: 1 } : { sqliteFile: sqliteFile(o) },
  );
}

export async function countRows(db: Kysely<DB>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    'schools',
    'people',
    'profiles',
    'classes',
    'guardianships',
    'sessions',
    // The year (seed --year): empty in a département seeded without it.
    'grades',
    'attendance_events',
    'homework',
    'report_cards',
    'notifications',
  ] as const) {
    const r = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unusual database name "${name}": create it yourself.`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) {
      console.log(`Creating PostgreSQL database ${name}...`);
      await client.query(`create database "${name}"`);
    }
  } finally {
    await client.end();
  }
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => `  seed │ ${l}\n`)
        .join('');
    child.stdout.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
    child.stderr.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}

/**
 * The département database: reused when a previous run completed it, else built by the seed CLI in a
 * child process (timed). An incomplete SQLite build (no marker) is removed and rebuilt; an incomplete
 * PostgreSQL one is left alone with an error, since we did not necessarily create that database.
 */
/**
 * `--reuse`: a database `npm run seed -- --schools N [--year]` built outside the bench (timed there). Its number of
 * schools is checked, statistics are gathered, and a marker is written so later runs reuse it as their own.
 */
async function adopt(o: BenchOptions): Promise<DatabaseInfo> {
  const ro = openReadOnly(o);
  try {
    const counts = await countRows(ro.db);
    if (counts.schools !== o.schools) {
      throw new Error(`--reuse: the database holds ${counts.schools} schools, not ${o.schools} (--schools).`);
    }
    await refreshPlannerStatistics(ro.db);
    const marker: BuildMarker = {
      engine: o.engine,
      schools: o.schools,
      year: o.year,
      builtAt: new Date().toISOString(),
      seedSeconds: 0,
      counts,
    };
    fs.writeFileSync(markerFile(o), `${JSON.stringify(marker, null, 2)}\n`);
    console.log(`Adopted the existing ${o.schools}-school database (--reuse): ${JSON.stringify(counts)}`);
    return { reused: true, seedSeconds: 0, builtAt: marker.builtAt, counts };
  } finally {
    await ro.close();
  }
}

export async function ensureDatabase(o: BenchOptions): Promise<DatabaseInfo> {
  fs.mkdirSync(o.dataDir, { recursive: true });
  if (o.engine === 'postgres') await ensurePostgresDatabase(o.databaseUrl!);
  const marker = fs.existsSync(markerFile(o))
    ? (JSON.parse(fs.readFileSync(markerFile(o), 'utf8')) as BuildMarker)
    : undefined;
  const present = o.engine === 'sqlite' ? fs.existsSync(sqliteFile(o)) : await postgresHasSchools(o);

  if (marker && present) {
    if (marker.schools !== o.schools || (marker.year ?? false) !== o.year) {
      throw new Error(
        `${o.dataDir} holds a ${marker.schools}-school${marker.year ? ' year-sized' : ''} database, not ${o.schools}${o.year ? ' (--year)' : ''}: set BENCH_DATA_DIR elsewhere or remove it.`,
      );
    }
    const ro = openReadOnly(o);
    try {
      // Databases built before the seed gathered statistics, or on a server with autovacuum off, have none:
      // PostgreSQL then plans the week's queries badly (issue 16). Measure the code, not autovacuum's timing.
      const t0 = performance.now();
      if (await refreshPlannerStatistics(ro.db)) {
        console.log(`Planner statistics gathered (ANALYZE) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      return { reused: true, seedSeconds: marker.seedSeconds, builtAt: marker.builtAt, counts: await countRows(ro.db) };
    } finally {
      await ro.close();
    }
  }

  if (present && o.reuse) return adopt(o);
  if (present) {
    if (o.engine === 'postgres') {
      throw new Error(
        `${redactUrl(o.databaseUrl!)} already has data but no completed bench build: drop that database or pick another PREAU_BENCH_DATABASE_URL.`,
      );
    }
    console.log(`Removing an incomplete bench database in ${o.dataDir}...`);
    for (const f of ['preau.sqlite', 'preau.sqlite-wal', 'preau.sqlite-shm'])
      fs.rmSync(path.join(o.dataDir, f), { force: true });
  }

  const seedCli = path.join(REPO_ROOT, 'src/server/cli/seed.ts');
  if (!fs.existsSync(seedCli))
    throw new Error('src/server/cli/seed.ts does not exist yet: cannot build the département database.');
  console.log(
    `Building the ${o.schools}-school département database (${o.engine === 'postgres' ? redactUrl(o.databaseUrl!) : sqliteFile(o)})...`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: o.dataDir, SEED_DEMO: 'false', NODE_ENV: 'production' };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  const t0 = performance.now();
  const seedArgs = ['--schools', String(o.schools), ...(o.year ? ['--year'] : [])];
  await run(process.execPath, ['--import', 'tsx', seedCli, ...seedArgs], env);
  const seedSeconds = (performance.now() - t0) / 1000;

  const ro = openReadOnly(o);
  let counts: Record<string, number>;
  try {
    counts = await countRows(ro.db);
  } finally {
    await ro.close();
  }
  if (!counts.schools) throw new Error('The seed finished but the database has no schools.');
  const built: BuildMarker = {
    engine: o.engine,
    schools: o.schools,
    year: o.year,
    builtAt: new Date().toISOString(),
    seedSeconds,
    counts,
  };
  fs.writeFileSync(markerFile(o), `${JSON.stringify(built, null, 2)}\n`);
  console.log(`Built in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);
  return { reused: false, seedSeconds, builtAt: built.builtAt, counts };
}

async function postgresHasSchools(o: BenchOptions): Promise<boolean> {
  const d = openDatabase({ databaseUrl: o.databaseUrl, pgPoolSize: 1 });
  try {
    const r = await sql<{ t: string | null }>`select to_regclass('schools')::text as t`.execute(d.db);
    if (!r.rows[0]?.t) return false;
    return (await d.db.selectFrom('schools').select('id').limit(1).executeTakeFirst()) !== undefined;
  } finally {
    await d.close();
  }
}

export interface Account {
  login: string;
  kind: 'pupil' | 'guardian' | 'cpe';
  /** Staff: the school whose CPE this account is. */
  schoolId?: string;
}

/** A random sample of pupils and guardians that can sign in (a password set, not disabled). */
export async function sampleAccounts(o: BenchOptions): Promise<Account[]> {
  const ro = openReadOnly(o);
  try {
    const pick = async (kind: 'pupil' | 'guardian', n: number): Promise<Account[]> => {
      if (n === 0) return [];
      const rows = await ro.db
        .selectFrom('people')
        .select('login')
        .where('password_hash', 'is not', null)
        .where('disabled_at', 'is', null)
        .where('id', 'in', (eb) => eb.selectFrom('profiles').select('person_id').where('kind', '=', kind))
        .orderBy(sql`random()`)
        .limit(n)
        .execute();
      return rows.map((r) => ({ login: r.login, kind }));
    };
    return [...(await pick('pupil', o.pupils)), ...(await pick('guardian', o.guardians))];
  } finally {
    await ro.close();
  }
}

/** Removes the sessions this run opened (recognised by their user agent), so that reruns start alike. */
export async function removeBenchSessions(o: BenchOptions, userAgent: string): Promise<number> {
  const d = openWritable(o);
  try {
    const r = await d.db.deleteFrom('sessions').where('user_agent', '=', userAgent).executeTakeFirst();
    return Number(r.numDeletedRows);
  } finally {
    await d.close();
  }
}

/** One CPE per school (a staff profile with the 'cpe' function there, able to sign in): vie scolaire's accounts. */
export async function sampleCpes(o: BenchOptions): Promise<Account[]> {
  const ro = openReadOnly(o);
  try {
    const rows = await ro.db
      .selectFrom('staff_functions as sf')
      .innerJoin('profiles as pr', (j) =>
        j.onRef('pr.person_id', '=', 'sf.person_id').onRef('pr.school_id', '=', 'sf.school_id'),
      )
      .innerJoin('people as p', 'p.id', 'sf.person_id')
      .select(['sf.school_id as schoolId', (eb) => eb.fn.min('p.login').as('login')])
      .where('sf.function', '=', 'cpe')
      .where('pr.kind', '=', 'staff')
      .where('p.password_hash', 'is not', null)
      .where('p.disabled_at', 'is', null)
      .groupBy('sf.school_id')
      .execute();
    return rows.map((r) => ({ login: String(r.login), kind: 'cpe' as const, schoolId: r.schoolId }));
  } finally {
    await ro.close();
  }
}

/**
 * Removes the roll calls of `date` and the events they recorded (source 'roll_call', dated `date`), so that
 * the roll-call burst finds every session of that day untaken, run after run.
 */
export async function clearRollCallsOn(o: BenchOptions, date: string): Promise<{ rollCalls: number; events: number }> {
  const d = openWritable(o);
  try {
    return await d.db.transaction().execute(async (trx) => {
      const e = await trx
        .deleteFrom('attendance_events')
        .where('source', '=', 'roll_call')
        .where('date_from', '=', date)
        .executeTakeFirst();
      const r = await trx.deleteFrom('roll_calls').where('date', '=', date).executeTakeFirst();
      return { rollCalls: Number(r.numDeletedRows), events: Number(e.numDeletedRows) };
    });
  } finally {
    await d.close();
  }
}

/**
 * The département seed builds no timetables; the roll-call burst needs sessions. When the bench database has
 * no course at all, this adds a minimal first hour: per class, Monday to Friday 08:00–09:00, each day one of
 * the class's teaching assignments (subject and teacher; weeks 'all', the whole school year). Returns how many
 * courses it added (0 when courses exist: then the database's own timetable is used).
 */
export async function ensureFirstHourCourses(o: BenchOptions): Promise<number> {
  const d = openWritable(o);
  try {
    if (await d.db.selectFrom('courses').select('id').limit(1).executeTakeFirst()) return 0;
    const classes = await d.db
      .selectFrom('classes as c')
      .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
      .select(['c.id', 'c.school_id', 'c.school_year_id', 'y.starts_on', 'y.ends_on'])
      .execute();
    const assignments = await d.db
      .selectFrom('teaching_assignments')
      .select(['class_id', 'subject_id', 'teacher_id'])
      .where('class_id', 'is not', null)
      .orderBy('id')
      .execute();
    const byClass = new Map<string, { subject_id: string; teacher_id: string }[]>();
    for (const a of assignments) {
      const list = byClass.get(a.class_id!) ?? [];
      list.push(a);
      byClass.set(a.class_id!, list);
    }
    const now = new Date().toISOString();
    const courses: Insertable<DB['courses']>[] = [];
    const teachers: Insertable<DB['course_teachers']>[] = [];
    for (const c of classes) {
      const list = byClass.get(c.id);
      if (!list?.length) continue;
      for (let weekday = 1; weekday <= 5; weekday++) {
        const a = list[(weekday - 1) % list.length]!;
        const id = randomUUID();
        courses.push({
          id,
          school_id: c.school_id,
          school_year_id: c.school_year_id,
          subject_id: a.subject_id,
          class_id: c.id,
          room_id: null,
          weekday,
          starts_at: '08:00',
          ends_at: '09:00',
          weeks: 'all',
          valid_from: c.starts_on,
          valid_to: c.ends_on,
          source: 'seed',
          external_key: `bench-first-hour:${c.id}:${weekday}`,
          created_at: now,
          updated_at: now,
        });
        teachers.push({ course_id: id, teacher_id: a.teacher_id });
      }
    }
    await d.db.transaction().execute(async (trx) => {
      for (let i = 0; i < courses.length; i += 500) {
        await trx
          .insertInto('courses')
          .values(courses.slice(i, i + 500))
          .execute();
        await trx
          .insertInto('course_teachers')
          .values(teachers.slice(i, i + 500))
          .execute();
      }
    });
    return courses.length;
  } finally {
    await d.close();
  }
}
