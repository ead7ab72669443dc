// Where the time of one GET /api/me goes, measured in-process on the bench database, one request at a time.
// node --import tsx bench/breakdown.ts [--schools N] [--engine sqlite|postgres]   (after `npm run bench` built it)
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { CompiledQuery, Kysely, type LogEvent, SqliteDialect } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/database.ts';
import type { DB } from '../src/server/db/types.ts';
import { loadConfig } from '../src/server/lib/config.ts';
import { csrfTokenFor, loadActor, SessionTouches } from '../src/server/lib/session.ts';
import { MeSchema } from '../src/server/modules/auth/auth.schema.ts';
import { getMe } from '../src/server/modules/auth/auth.service.ts';
import { sampleAccounts, sqliteFile } from './database.ts';
import { parseOptions } from './options.ts';
import { BENCH_USER_AGENT } from './sessions.ts';

const o = parseOptions(process.argv.slice(2), process.env);
const N = Number(process.env.BREAKDOWN_SESSIONS ?? 400);
const ROUNDS = Number(process.env.BREAKDOWN_ROUNDS ?? 5);

const accounts = await sampleAccounts({ ...o, pupils: N / 2, guardians: N / 2 });
const database = openDatabase(
  o.engine === 'postgres' ? { databaseUrl: o.databaseUrl, pgPoolSize: 20 } : { sqliteFile: sqliteFile(o) },
);
const db = database.db;
const config = {
  ...loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DATA_DIR: path.dirname(sqliteFile(o)),
  }),
};

// Sessions written directly (no argon2): the same rows POST /api/auth/login writes.
const people = await db
  .selectFrom('people')
  .select(['id', 'login'])
  .where(
    'login',
    'in',
    accounts.map((a) => a.login),
  )
  .execute();
const firstSchool = new Map(
  (
    await db
      .selectFrom('profiles')
      .select(['person_id', 'school_id'])
      .where(
        'person_id',
        'in',
        people.map((p) => p.id),
      )
      .execute()
  ).map((r) => [r.person_id, r.school_id]),
);
const now = new Date().toISOString();
const tokens = people.map(() => randomBytes(32).toString('base64url'));
await db
  .insertInto('sessions')
  .values(
    people.map((p, i) => ({
      id_hash: createHash('sha256').update(tokens[i]!).digest('base64url'),
      person_id: p.id,
      school_id: firstSchool.get(p.id) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      ip: '127.0.0.1',
      user_agent: BENCH_USER_AGENT,
    })),
  )
  .execute();

const results: { step: string; cpuUs: number; wallUs: number }[] = [];
const cpuNowUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
/** CPU µs per call (this process, one call at a time: steady on a shared machine) and wall µs, best round. */
async function measureLoop(fn: (i: number) => Promise<unknown> | unknown, n: number) {
  for (let i = 0; i < n; i++) await fn(i); // warm
  let cpu = Number.POSITIVE_INFINITY;
  let wall = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = cpuNowUs();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn(i);
    wall = Math.min(wall, ((performance.now() - t0) * 1000) / n);
    cpu = Math.min(cpu, (cpuNowUs() - c0) / n);
  }
  return { cpuUs: cpu, wallUs: wall };
}
async function time(step: string, fn: (i: number) => Promise<unknown> | unknown) {
  if (results.length === 0) {
    console.log(
      `\nGET /api/me, per request, one at a time (best of ${ROUNDS} rounds over ${tokens.length} sessions):\n`,
    );
    console.log('    CPU µs   wall µs');
  }
  const r = { step, ...(await measureLoop(fn, tokens.length)) };
  results.push(r);
  console.log(`  ${r.cpuUs.toFixed(1).padStart(8)}  ${r.wallUs.toFixed(1).padStart(8)}  ${r.step}`);
}

const touches = new SessionTouches(db);
try {
  const actors = await Promise.all(tokens.map((t) => loadActor(db, config, t, touches)));
  if (actors.some((a) => a === null)) throw new Error('a session did not load');
  const mes = await Promise.all(actors.map((a, i) => getMe(db, a!, csrfTokenFor(tokens[i]!))));
  const serialize = serializerCompiler({ schema: MeSchema, method: 'GET', url: '/api/me', httpStatus: '200' });

  await time('sha256 of the token (session id + CSRF token)', (i) => {
    createHash('sha256').update(tokens[i]!).digest('base64url');
    return csrfTokenFor(tokens[i]!);
  });
  await time('loadActor: session + person + roles', (i) => loadActor(db, config, tokens[i]!, touches));
  await time('getMe: the /api/me queries and assembly', (i) => getMe(db, actors[i]!, 'x'));
  await time('response: zod encode + JSON.stringify (serializerCompiler)', (i) => serialize(mes[i]));
  await time('response: JSON.stringify alone', (i) => JSON.stringify(mes[i]));

  // Every query of loadActor + getMe, captured by Kysely's log hook, then replayed alone (SQLite only):
  // through better-sqlite3 directly (the engine's cost) and through Kysely (adds its driver and mutex).
  const captured = new Map<string, { sql: string; params: unknown[][] }>();
  let recording = true;
  if (o.engine === 'sqlite') {
    const raw = new SQLite(sqliteFile(o), { readonly: true });
    const logged = new Kysely<DB>({
      dialect: new SqliteDialect({ database: raw }),
      log: (e: LogEvent) => {
        if (!recording) return;
        const c = captured.get(e.query.sql) ?? { sql: e.query.sql, params: [] };
        c.params.push([...e.query.parameters]);
        captured.set(e.query.sql, c);
      },
    });
    for (let i = 0; i < tokens.length; i++) {
      const a = await loadActor(logged, { ...config, sessionIdleMs: 3_600_000 }, tokens[i]!, touches);
      await getMe(logged, a!, 'x');
    }
    recording = false;
    const rows: { us: number; kyselyUs: number; n: number; plan: string; sql: string }[] = [];
    for (const c of captured.values()) {
      const stmt = raw.prepare(c.sql);
      const direct = await measureLoop((i) => stmt.all(...(c.params[i] as unknown[])), c.params.length);
      const viaKysely = await measureLoop(
        (i) => logged.executeQuery(CompiledQuery.raw(c.sql, c.params[i] as unknown[])),
        c.params.length,
      );
      const plan = raw.prepare(`explain query plan ${c.sql}`).all(...(c.params[0] as unknown[])) as {
        detail: string;
      }[];
      rows.push({
        us: direct.cpuUs,
        kyselyUs: viaKysely.cpuUs,
        n: c.params.length / tokens.length,
        plan: plan.map((x) => x.detail).join(' | '),
        sql: c.sql.replace(/\s+/g, ' '),
      });
    }
    await logged.destroy();
    console.log(`\nQueries of loadActor + getMe (${tokens.length} sessions), CPU µs per query:\n`);
    console.log('   sqlite  +kysely¹ per req  query');
    for (const r of rows.sort((a, b) => b.kyselyUs * b.n - a.kyselyUs * a.n)) {
      console.log(
        `  ${r.us.toFixed(1).padStart(7)}  ${r.kyselyUs.toFixed(1).padStart(7)}  ${r.n.toFixed(2).padStart(7)}  ${r.sql.slice(0, 110)}`,
      );
      console.log(`                             plan: ${r.plan}`);
    }
    console.log(
      "  ¹ through Kysely's stock SQLite driver, which prepares each statement anew (Préau caches them: less).",
    );
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + f(r) * r.n, 0);
    console.log(
      `\n  per request: ${sum((r) => r.us).toFixed(1)} µs in SQLite, ${sum((r) => r.kyselyUs).toFixed(1)} µs with Kysely's driver`,
    );
  }

  const app = await buildApp({ db, config, logger: false });
  await app.ready();
  await time('app.inject GET /healthz (Fastify + hooks, no DB)', () => app.inject({ method: 'GET', url: '/healthz' }));
  await time('app.inject GET /api/me (everything)', (i) =>
    app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `preau_session=${tokens[i]}` } }),
  );
  const res = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `preau_session=${tokens[0]}` } });
  if (res.statusCode !== 200) throw new Error(`inject answered ${res.statusCode}: ${res.body}`);
  await app.close();

  const full = results.find((r) => r.step.startsWith('app.inject GET /api/me'))!.cpuUs;
  console.log(`\n  → about ${Math.round(1e6 / full)} req/s per core through app.inject (no HTTP parsing, no sockets)`);
} finally {
  await db.deleteFrom('sessions').where('user_agent', '=', BENCH_USER_AGENT).execute();
  await database.close();
}
