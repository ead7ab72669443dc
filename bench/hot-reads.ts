// The hot reads of families on the bench database, in-process, one request at a time: GET /api/me, the pupil's week
// (GET /api/timetable/pupils/:id/week) and the family home (GET /api/home/family), with, on PostgreSQL, every SQL
// statement they run timed (wall time seen by the client: planning, execution, round trip), so that the slow ones
// can be taken to EXPLAIN ANALYZE.
//   node --import tsx bench/hot-reads.ts [--schools N] [--year] [--engine sqlite|postgres]   (on a built database)
// HOT_READS_SESSIONS (default 100: half pupils, half guardians), HOT_READS_TOP (default 12 statements shown),
// HOT_READS_SQL=1 (print the heaviest statements with parameters), HOT_READS_EXPLAIN=N (EXPLAIN ANALYZE the N
// heaviest of each scenario, PostgreSQL).
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { loadConfig } from '../src/server/lib/config.ts';
import { sampleAccounts, sqliteFile } from './database.ts';
import { parseOptions } from './options.ts';
import { BENCH_USER_AGENT } from './sessions.ts';

const o = parseOptions(process.argv.slice(2), process.env);
const N = Number(process.env.HOT_READS_SESSIONS ?? 100);
const TOP = Number(process.env.HOT_READS_TOP ?? 12);

// Every statement the pg driver sends, timed from send to answer.
interface Stat {
  sql: string;
  calls: number;
  ms: number;
  maxMs: number;
  slowest: unknown[];
}
const stats = new Map<string, Stat>();
let recording = false;
if (o.engine === 'postgres') {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof first === 'string' ? first : (first?.text ?? '');
    const values = (typeof first === 'string' ? args[1] : first?.values) as unknown[] | undefined;
    const result = original.apply(this, args);
    if (!recording || !(result instanceof Promise)) return result;
    const t0 = performance.now();
    return result.then((r) => {
      const ms = performance.now() - t0;
      const s = stats.get(text) ?? { sql: text, calls: 0, ms: 0, maxMs: 0, slowest: [] };
      s.calls++;
      s.ms += ms;
      if (ms > s.maxMs) {
        s.maxMs = ms;
        s.slowest = values ?? [];
      }
      stats.set(text, s);
      return r;
    });
  };
}

const accounts = await sampleAccounts({ ...o, pupils: N / 2, guardians: N / 2 });
const database = openDatabase(
  o.engine === 'postgres' ? { databaseUrl: o.databaseUrl, pgPoolSize: 4 } : { sqliteFile: sqliteFile(o) },
);
const db = database.db;
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  SEED_DEMO: 'false',
  DATA_DIR: path.dirname(sqliteFile(o)),
});

// Sessions written directly (no argon2): the rows POST /api/auth/login writes.
const people = await db
  .selectFrom('people as p')
  .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
  .select(['p.id', 'p.login', 'pr.school_id', 'pr.kind'])
  .where(
    'p.login',
    'in',
    accounts.map((a) => a.login),
  )
  .where('pr.kind', 'in', ['pupil', 'guardian'])
  .execute();
const byPerson = new Map(people.map((p) => [p.id, p]));
const now = new Date().toISOString();
const sessions = [...byPerson.values()].map((p) => ({ person: p, token: randomBytes(32).toString('base64url') }));
await db
  .insertInto('sessions')
  .values(
    sessions.map((s) => ({
      id_hash: createHash('sha256').update(s.token).digest('base64url'),
      person_id: s.person.id,
      school_id: s.person.school_id,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      ip: '127.0.0.1',
      user_agent: BENCH_USER_AGENT,
    })),
  )
  .execute();

const app = await buildApp({ db, config, logger: false });
await app.ready();
const get = async (url: string, token: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: `preau_session=${token}` } });
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
};
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function measure(name: string, who: typeof sessions, url: (s: (typeof sessions)[number]) => string) {
  for (const s of who) await get(url(s), s.token); // warm: caches, prepared statements, pages
  stats.clear();
  recording = true;
  const ms: number[] = [];
  for (const s of who) {
    const t0 = performance.now();
    await get(url(s), s.token);
    ms.push(performance.now() - t0);
  }
  recording = false;
  ms.sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  console.log(
    `\n${name} — ${who.length} requests, one at a time: mean ${mean.toFixed(2)} ms, p50 ${pct(ms, 0.5).toFixed(2)}, ` +
      `p90 ${pct(ms, 0.9).toFixed(2)}, max ${ms[ms.length - 1]!.toFixed(2)} ms`,
  );
  if (stats.size === 0) return;
  const rows = [...stats.values()].sort((a, b) => b.ms - a.ms).slice(0, TOP);
  console.log('   ms/req  calls/req  avg ms  max ms  statement');
  for (const r of rows) {
    console.log(
      `  ${(r.ms / who.length).toFixed(3).padStart(7)}  ${(r.calls / who.length).toFixed(2).padStart(9)}  ` +
        `${(r.ms / r.calls).toFixed(3).padStart(6)}  ${r.maxMs.toFixed(2).padStart(6)}  ${r.sql.replace(/\s+/g, ' ').slice(0, 150)}`,
    );
  }
  if (process.env.HOT_READS_SQL) {
    for (const r of rows.slice(0, 4)) console.log(`\n-- ${JSON.stringify(r.slowest)}\n${r.sql};`);
  }
  if (process.env.HOT_READS_EXPLAIN && o.databaseUrl) {
    // The plan of the heaviest statements, with the parameters of their slowest call (scans and times only).
    const client = new pg.Client({ connectionString: o.databaseUrl });
    await client.connect();
    try {
      for (const r of rows.slice(0, Number(process.env.HOT_READS_EXPLAIN) || 3)) {
        if (!/^\s*select/i.test(r.sql)) continue;
        const plan = await client.query(`explain (analyze, buffers) ${r.sql}`, r.slowest);
        console.log(`\n  EXPLAIN ANALYZE ${r.sql.replace(/\s+/g, ' ').slice(0, 90)}…`);
        for (const line of plan.rows.map((x: Record<string, string>) => x['QUERY PLAN']!)) {
          if (/Scan|Loop|Join|Sort|Execution|Planning Time|Heap Fetches/.test(line)) console.log(`    ${line}`);
        }
      }
    } finally {
      await client.end();
    }
  }
}

try {
  const pupils = sessions.filter((s) => s.person.kind === 'pupil');
  const guardians = sessions.filter((s) => s.person.kind === 'guardian');
  console.log(
    `${o.schools} schools${o.year ? ' (year)' : ''} on ${o.engine}: ${pupils.length} pupils, ${guardians.length} guardians`,
  );
  await measure('GET /api/me', sessions, () => '/api/me');
  await measure('pupil week', pupils, (s) => `/api/timetable/pupils/${s.person.id}/week`);
  await measure('family home (guardians)', guardians, () => '/api/home/family');
  await measure('family home (pupils)', pupils, () => '/api/home/family');
} finally {
  await app.close();
  await db.deleteFrom('sessions').where('user_agent', '=', BENCH_USER_AGENT).execute();
  await database.close();
}
