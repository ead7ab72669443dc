import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { dropping, migrating } from '../../test/db.ts';
import { makeClass, makePupil, makeSchool, makeStaff } from '../../test/factories.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';

/**
 * Several processes (docs/scale.md): the real server started with PREAU_WORKERS=2 on PostgreSQL and Redis. A
 * calendar edit served by one worker must be seen at once through the other, whose cached calendar (kept a
 * minute) is dropped by the invalidation published through Redis. Runs in the PostgreSQL pass of the suite
 * (PREAU_TEST_DATABASE_URL); Redis at REDIS_URL or 127.0.0.1:6379.
 */
const url = process.env.PREAU_TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The processes whose parent is `pid` (Linux's /proc). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // Workers only: the primary may have other children (tsx's esbuild service).
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (ppid === pid && command === 'node') found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function waitFor(child: ChildProcess, output: () => string, text: string, ms: number) {
  const deadline = Date.now() + ms;
  while (!output().includes(text) && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(output().includes(text), `"${text}" not seen:\n${output()}`);
}

describe('several processes (PREAU_WORKERS=2, PostgreSQL, Redis)', { skip: url ? false : 'PostgreSQL only' }, () => {
  test('both workers serve, and a calendar edit in one is seen at once through the other', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = openDatabase({ databaseUrl: url, pgSchema: schema, pgPoolSize: 2 });
    await migrating(() => migrateToLatest(database.db));
    const school = await makeSchool(database.db);
    const cls = await makeClass(database.db, school);
    const pupil = await makePupil(database.db, school, { classId: cls.id });
    const schoolAdmin = await makeStaff(database.db, school, ['school_admin']);
    const year = await database.db
      .selectFrom('school_years')
      .select('starts_on')
      .where('id', '=', school.yearId)
      .executeTakeFirstOrThrow();
    await database.close();

    const databaseUrl = new URL(url as string);
    databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
    const dir = mkdtempSync(join(tmpdir(), 'preau-cluster-'));
    const port = 41_000 + Math.floor(Math.random() * 8000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SEED_DEMO: 'false',
        // The test signs staff in with a password only (two-step sign-in has its own tests).
        MFA_REQUIRED: 'off',
        DATA_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: redisUrl,
        PREAU_WORKERS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d) => {
      out += d.toString();
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(child, () => out, '2 processes)', 90_000);
      const signIn = async (login: string, password: string) => {
        const res = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login, password }),
        });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
        const { csrfToken } = JSON.parse(text) as { csrfToken: string };
        return { cookie, 'x-csrf-token': csrfToken };
      };
      const pupilHeaders = await signIn(pupil.login, pupil.password);
      const adminHeaders = await signIn(schoolAdmin.login, schoolAdmin.password);

      const day = new Date(Date.parse(`${year.starts_on}T12:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
      const closures = async () => {
        const res = await fetch(`${base}/api/timetable/pupils/${pupil.id}/week?date=${day}`, { headers: pupilHeaders });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        const week = JSON.parse(text) as { daysOff: Array<{ label: string }> };
        return week.daysOff.filter((d) => d.label === 'Fermeture exceptionnelle').length;
      };
      // Requests alternate between the workers (the cluster's round robin): both cache the calendar.
      for (let i = 0; i < 6; i += 1) assert.equal(await closures(), 0);

      const added = await fetch(`${base}/api/schools/${school.id}/timetable/calendar-entries`, {
        method: 'POST',
        headers: { ...adminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ startsOn: day, endsOn: day, label: 'Fermeture exceptionnelle', isDayOff: true }),
      });
      assert.equal(added.status, 201, await added.text());
      // Redis delivers within milliseconds; the calendar cache would otherwise keep the old calendar a minute.
      await new Promise((r) => setTimeout(r, 300));
      const seen = [];
      for (let i = 0; i < 6; i += 1) seen.push(await closures());
      assert.deepEqual(seen, [1, 1, 1, 1, 1, 1], 'every worker shows the closure');

      // A worker that dies is replaced, and the server keeps answering meanwhile.
      const workers = childrenOf(child.pid as number);
      assert.equal(workers.length, 2, `two workers: ${workers.join(', ')}`);
      process.kill(workers[0] as number, 'SIGKILL');
      await waitFor(child, () => out, 'starting it again', 10_000);
      // A kept-alive connection to the killed worker fails once; a browser retries it, as here.
      const retried = async () => closures().catch(() => closures());
      for (let i = 0; i < 4; i += 1) assert.equal(await retried(), 1, 'the other worker answers');
      const deadline = Date.now() + 60_000;
      while (childrenOf(child.pid as number).length < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(childrenOf(child.pid as number).length, 2, 'the dead worker is replaced');
    } finally {
      // A primary that already exited (a failed start) emits no more 'exit': waiting would hide the assertion's output.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
      await dropping(async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      });
    }
  });
});
