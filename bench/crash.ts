/**
 * `npm run bench:crash`: no acknowledged write is lost (issue "Scale", docs/bench.md).
 *
 * Starts Préau on the demo college, signs the CPE in once, then for each round: writes follow-up entries from 8
 * connections (each body carries a unique marker), SIGKILLs the server at a random moment (50–1500 ms in), opens
 * the database directly and checks that every entry that got a 201 is there; on SQLite `PRAGMA integrity_check`
 * must answer ok. Then restarts the server (the same session cookie must still work) and goes on.
 *
 *   npm run bench:crash -- [--engine sqlite|postgres] [--rounds N]   (default 200 on SQLite, 50 on PostgreSQL)
 *
 * PostgreSQL: PREAU_BENCH_DATABASE_URL's server, database preau_crash (dropped and created).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.ts';
import { freePort } from './servers.ts';

const { values } = parseArgs({
  options: { engine: { type: 'string', default: 'sqlite' }, rounds: { type: 'string' } },
});
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
const rounds = Number(values.rounds ?? (engine === 'sqlite' ? 200 : 50));
const ROOT = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preau-crash-'));
const sqliteFile = path.join(dataDir, 'preau.sqlite');
let databaseUrl: string | undefined;

if (engine === 'postgres') {
  const base = process.env.PREAU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query('drop database if exists preau_crash');
  await admin.query('create database preau_crash');
  await admin.end();
  const u = new URL(base);
  u.pathname = '/preau_crash';
  databaseUrl = u.toString();
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;

async function start(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SEED_DEMO: 'true',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  };
  delete env.PUBLIC_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server/main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Préau exited with ${child.exitCode} at start`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Préau did not start within 3 minutes');
}

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

let server = await start();
const login = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ login: 'cpe', password: process.env.BENCH_PASSWORD ?? 'college-le-parc' }),
});
if (!login.ok) throw new Error(`sign-in of the demo CPE: ${login.status} ${await login.text()}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const { csrfToken } = (await login.json()) as { csrfToken: string };
const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
const me = (await (await fetch(`${url}/api/me`, { headers })).json()) as { currentSchoolId: string };
const schoolId = me.currentSchoolId;

async function withDb<T>(fn: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const d = openDatabase(databaseUrl ? { databaseUrl, pgPoolSize: 1 } : { sqliteFile });
  try {
    return await fn(d.db);
  } finally {
    await d.close();
  }
}

const pupilIds = await withDb(async (db) =>
  (
    await db
      .selectFrom('profiles')
      .select('person_id')
      .where('school_id', '=', schoolId)
      .where('kind', '=', 'pupil')
      .orderBy('person_id')
      .limit(20)
      .execute()
  ).map((r) => r.person_id),
);
const today = new Date().toISOString().slice(0, 10);

let acked = 0;
let refusedOrCut = 0;
let lost = 0;
let integrityFailures = 0;
const t0 = Date.now();
console.log(`crash test on ${engine}: ${rounds} rounds, writes from 8 connections, SIGKILL at a random moment`);

for (let round = 1; round <= rounds; round++) {
  const ackedIds = new Map<string, string>();
  let stop = false;
  let n = 0;
  const writer = async () => {
    while (!stop) {
      const marker = `crash r${round} w${n++}`;
      const pupilId = pupilIds[n % pupilIds.length]!;
      try {
        const res = await fetch(`${url}/api/schools/${schoolId}/pupils/${pupilId}/followup/entries`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ compartment: 'vie_scolaire', kind: 'observation', occurredOn: today, body: marker }),
        });
        if (res.status === 201) {
          const { id } = (await res.json()) as { id: string };
          ackedIds.set(id, marker);
        } else {
          refusedOrCut++;
          if (res.status >= 400 && res.status < 500)
            throw new Error(`write refused: ${res.status} ${await res.text()}`);
        }
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('write refused')) throw e;
        refusedOrCut++; // cut by the kill
        return;
      }
    }
  };
  const writers = Array.from({ length: 8 }, writer);
  await new Promise((r) => setTimeout(r, 50 + Math.random() * 1450));
  await kill(server);
  stop = true;
  await Promise.allSettled(writers);
  for (const w of writers) await w.catch((e: Error) => Promise.reject(e));

  const ids = [...ackedIds.keys()];
  acked += ids.length;
  await withDb(async (db) => {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('followup_entries')
        .select(['id', 'body'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.body === ackedIds.get(r.id)) found.add(r.id);
    }
    const missing = ids.filter((id) => !found.has(id));
    lost += missing.length;
    if (missing.length > 0) console.log(`  round ${round}: ${missing.length} acknowledged writes LOST`);
    if (engine === 'sqlite') {
      const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      if (r.rows[0]?.integrity_check !== 'ok') {
        integrityFailures++;
        console.log(`  round ${round}: integrity_check ${JSON.stringify(r.rows)}`);
      }
    }
  });
  server = await start();
  const again = await fetch(`${url}/api/me`, { headers });
  if (!again.ok) throw new Error(`round ${round}: the session did not survive the crash (${again.status})`);
  if (round % 10 === 0 || round === rounds) {
    console.log(
      `  ${round}/${rounds} rounds · ${acked} writes acknowledged · ${lost} lost · ${refusedOrCut} cut by a kill · ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
}
await kill(server);
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(
  `\nResult on ${engine}: ${rounds} SIGKILLs, ${acked} acknowledged writes, ${lost} lost, ` +
    `${engine === 'sqlite' ? `${integrityFailures} failed integrity checks` : 'integrity by PostgreSQL'}.`,
);
process.exit(lost > 0 || integrityFailures > 0 ? 1 : 0);
