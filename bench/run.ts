// npm run bench -- [--schools N] [--engine sqlite|postgres] [--profile] ...   (see bench/options.ts, docs/bench.md)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type DatabaseInfo,
  ensureDatabase,
  ensureFirstHourCourses,
  REPO_ROOT,
  redactUrl,
  removeBenchSessions,
  sampleAccounts,
  sampleCpes,
} from './database.ts';
import { type Measurement, measure } from './load.ts';
import { parseOptions } from './options.ts';
import { type ProfileSummary, printProfile, summariseProfile } from './profile.ts';
import { FOOTNOTE, measurementsTable, targetsTable } from './report.ts';
import { type BenchContext, bareReqPerSec, type MeasuredRow, SCENARIOS, TARGETS } from './scenarios.ts';
import { type Server, startBare, startPreau } from './servers.ts';
import { BENCH_USER_AGENT, type Session, signInAll } from './sessions.ts';

const o = parseOptions(process.argv.slice(2), process.env);
const stamp = new Date()
  .toISOString()
  .replace(/:/g, '-')
  .replace(/\.\d+Z$/, 'Z');
const scenarios = o.only.length ? SCENARIOS.filter((s) => o.only.includes(s.name)) : SCENARIOS;
const unknown = o.only.filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length)
  throw new Error(`Unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** One GET /api/me per kind of account, to show what the measured responses contain. */
async function sampleMe(url: string, sessions: Session[]) {
  const out: Record<string, unknown> = {};
  for (const kind of ['pupil', 'guardian'] as const) {
    const s = sessions.find((x) => x.kind === kind);
    if (!s) continue;
    const res = await fetch(`${url}/api/me`, { headers: { cookie: s.cookie } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET /api/me as ${s.login} answered ${res.status}: ${text.slice(0, 300)}`);
    const me = JSON.parse(text) as Record<string, unknown[]>;
    out[kind] = {
      bytes: Buffer.byteLength(text),
      schools: me.schools?.length,
      enrolments: me.enrolments?.length,
      children: me.children?.length,
    };
  }
  return out;
}

console.log(
  `Préau benchmark — ${o.schools} schools, ${o.engine}${o.databaseUrl ? ` (${redactUrl(o.databaseUrl)})` : ''}, data dir ${path.relative(REPO_ROOT, o.dataDir) || '.'}`,
);
console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const db: DatabaseInfo = await ensureDatabase(o);
if (db.reused)
  console.log(
    `Reusing the database built ${db.builtAt}${db.seedSeconds > 0 ? ` (the seed took ${db.seedSeconds.toFixed(1)} s)` : ' (seeded outside the bench)'}: ${JSON.stringify(db.counts)}`,
  );

let t = performance.now();
const accounts = await sampleAccounts(o);
console.log(`Sampled ${accounts.length} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
if (accounts.length === 0) throw new Error('No pupil or guardian with a password in the database');
const writes = scenarios.some((s) => s.run);
const cpeAccounts = writes ? await sampleCpes(o) : [];
if (writes) {
  const added = await ensureFirstHourCourses(o);
  if (added)
    console.log(`The database had no timetable: added ${added} first-hour courses (08:00, every class, Mon–Fri)`);
}
if (writes) console.log(`Sampled ${cpeAccounts.length} CPE accounts (one per school)`);

const profileDir = o.profile ? path.join(o.resultsDir, 'profiles', stamp) : undefined;
const servers: Server[] = [];
const stopAll = async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers.length = 0;
};
process.once('SIGINT', () => {
  void stopAll().then(() => process.exit(130));
});

const measurements: Record<string, Measurement> = {};
const rows: MeasuredRow[] = [];
const details: Record<string, unknown> = {};
let signIn: { ok: number; failed: number; seconds: number; perSecond: number; firstFailures: unknown[] } | undefined;
let meShape: Record<string, unknown> = {};
let profile: ProfileSummary | undefined;
let removedSessions = 0;
try {
  t = performance.now();
  const [bare, preau] = await Promise.all([startBare(), startPreau(o, profileDir)]);
  servers.push(bare, preau);
  console.log(
    `Servers up in ${((performance.now() - t) / 1000).toFixed(1)} s: bare ${bare.url} (pid ${bare.pid}), Préau ${preau.url} (pid ${preau.pid})`,
  );

  const r = await signInAll(preau.url, accounts, o.password, 8);
  signIn = {
    ok: r.sessions.length,
    failed: r.failures.length,
    seconds: r.seconds,
    perSecond: r.sessions.length / r.seconds,
    firstFailures: r.failures.slice(0, 3),
  };
  console.log(`Signed in ${r.sessions.length}/${accounts.length} accounts in ${r.seconds.toFixed(1)} s (8 at a time)`);
  if (r.failures.length) console.log(`  failures, first ones: ${JSON.stringify(r.failures.slice(0, 3))}`);
  if (r.sessions.length === 0) throw new Error('No sign-in succeeded');
  const sessions = shuffle(r.sessions);
  meShape = await sampleMe(preau.url, sessions);
  console.log(`GET /api/me answers: ${JSON.stringify(meShape)}`);

  let cpes: Session[] = [];
  if (cpeAccounts.length) {
    const c = await signInAll(preau.url, cpeAccounts, o.password, 8);
    cpes = c.sessions;
    console.log(`Signed in ${c.sessions.length}/${cpeAccounts.length} CPEs in ${c.seconds.toFixed(1)} s`);
    if (c.failures.length) console.log(`  failures, first ones: ${JSON.stringify(c.failures.slice(0, 3))}`);
  }

  const ctx: BenchContext = { options: o, sessions, accounts, cpes };
  const line = (m: Measurement) =>
    `${Math.round(m.reqPerSec)} req/s, p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms, non-2xx ${m.non2xx}`;
  for (const s of scenarios) {
    const spec = s.load?.(ctx);
    process.stdout.write(
      spec
        ? `Running ${s.name}: ${spec.connections} connections, ${spec.warmup} s warm-up + ${spec.duration} s... `
        : `Running ${s.name}... `,
    );
    const server = s.server === 'bare' ? bare : preau;
    if (s.prepare) {
      const t0 = performance.now();
      await s.prepare(ctx, server.url);
      process.stdout.write(`(prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s) `);
    }
    if (spec) {
      const m = await measure(server.url, server.pid, spec);
      measurements[s.name] = m;
      rows.push({ name: s.name, title: s.title, m });
      console.log(line(m));
    } else if (s.run) {
      const r = await s.run(ctx, server);
      details[s.name] = r.details;
      console.log(JSON.stringify(r.details));
      for (const row of r.rows) {
        measurements[row.name] = row.m;
        rows.push(row);
        console.log(`  ${row.title}: ${line(row.m)}`);
      }
    }
  }
} finally {
  await stopAll();
  removedSessions = await removeBenchSessions(o, BENCH_USER_AGENT).catch((e: unknown) => {
    console.error(`Could not remove the bench sessions: ${String(e)}`);
    return 0;
  });
}

if (profileDir) {
  const files = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (files.length) {
    profile = summariseProfile(path.join(profileDir, files[0]!), measurements['preau-me']?.window);
    printProfile(profile);
  } else console.log(`No CPU profile found in ${profileDir}`);
}

const outcomes = TARGETS.map((x) => x.evaluate(measurements));
const bareMean = bareReqPerSec(measurements);
console.log(
  `\nResults — ${o.schools} schools on ${o.engine}${o.workers > 1 ? ` with ${o.workers} Préau processes` : ''}${db.reused ? '' : `, database built in ${db.seedSeconds.toFixed(1)} s`}\n`,
);
console.log(measurementsTable(rows));
const burst = measurements['rollcall-burst'];
const burstReads = measurements['rollcall-burst-reads'];
if (burst && burstReads) {
  console.log(
    `\n  8:00 burst: ${(burst.statusCodes['200'] ?? 0).toLocaleString('en-US')} roll calls absorbed in ${burst.durationS} s ` +
      `= ${Math.round((burst.statusCodes['200'] ?? 0) / burst.durationS)} roll calls/s, p50 ${burst.latencyMs.p50} ms, ` +
      `p99 ${burst.latencyMs.p99} ms, non-2xx ${burst.non2xx}, errors ${burst.errors}; reads meanwhile ` +
      `${Math.round(burstReads.reqPerSec)} req/s, p99 ${burstReads.latencyMs.p99} ms (server CPU over the burst: ` +
      `${burst.cpu.serverMs === null ? '?' : Math.round(burst.cpu.serverMs)} ms)`,
  );
}
const crisis = details.crisis as { rollCalls: number; signInAccounts: number; peakRssMb: number } | undefined;
if (crisis) {
  const rc = measurements['crisis-rollcalls'];
  const fam = measurements['crisis-families'];
  const si = measurements['crisis-signins'];
  console.log(
    `\n  crisis: ${crisis.rollCalls} roll calls in ${rc?.durationS ?? '?'} s (p99 ${rc?.latencyMs.p99 ?? '?'} ms); families ` +
      `${Math.round(fam?.reqPerSec ?? 0)} req/s (p99 ${fam?.latencyMs.p99 ?? '?'} ms, non-2xx ${fam?.non2xx ?? '?'}); ` +
      `sign-ins ${si ? `${si.statusCodes['200'] ?? 0} served, ${si.non2xx + si.errors + si.timeouts} not, p99 ${si.latencyMs.p99} ms` : 'none'}; ` +
      `peak resident memory ${crisis.peakRssMb} MB (goal ≤ 1,536 MB: ${crisis.peakRssMb <= 1536 ? 'PASS' : 'FAIL'})`,
  );
}
const survival = details.survival as
  | {
      refused503: number;
      servedDuringOverload: number;
      recoverySeconds: number | null;
      sameProcess: boolean;
      peakRssMb: number;
    }
  | undefined;
if (survival) {
  console.log(
    `\n  survival: during the overload ${survival.servedDuringOverload} served, ${survival.refused503} refused (503); ` +
      `recovered in ${survival.recoverySeconds === null ? 'more than 30' : survival.recoverySeconds.toFixed(1)} s ` +
      `(goal ≤ 30 s: ${survival.recoverySeconds !== null && survival.recoverySeconds <= 30 ? 'PASS' : 'FAIL'}); ` +
      `${survival.sameProcess ? 'no crash' : 'THE SERVER DIED'}; peak resident memory ${survival.peakRssMb} MB`,
  );
}
const cards = details['report-cards'] as
  | {
      pdfs: number;
      seconds: number;
      perPdfMs: number;
      rssAfterQuarterMb: number;
      rssEndMb: number;
      heapEndMb: number;
      peakRssMb: number;
      pass: boolean;
    }
  | undefined;
if (cards) {
  console.log(
    `\n  report cards: ${cards.pdfs} PDFs of the demo college in ${cards.seconds} s (${cards.perPdfMs} ms each; goal ≤ 60 s: ` +
      `${cards.pass ? 'PASS' : 'FAIL'}); resident memory after a quarter of the classes ${cards.rssAfterQuarterMb} MB, ` +
      `at the end ${cards.rssEndMb} MB (peak ${cards.peakRssMb} MB; live heap at the end ${cards.heapEndMb} MB)`,
  );
}
if (bareMean !== null) console.log(`\n  bare Fastify baseline (mean of before/after): ${Math.round(bareMean)} req/s`);
if (signIn) console.log(`  initial sign-ins (8 at a time, fetch): ${signIn.perSecond.toFixed(1)}/s`);
console.log(`\n${targetsTable(outcomes)}\n\n${FOOTNOTE}\n`);

fs.mkdirSync(o.resultsDir, { recursive: true });
const file = path.join(o.resultsDir, `${stamp}.json`);
const json = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavgAtEnd: os.loadavg() },
  options: { ...o, password: undefined, databaseUrl: o.databaseUrl ? redactUrl(o.databaseUrl) : undefined },
  database: db,
  sampledAccounts: {
    pupils: accounts.filter((a) => a.kind === 'pupil').length,
    guardians: accounts.filter((a) => a.kind === 'guardian').length,
  },
  signIn,
  meShape,
  measurements,
  details,
  bareMeanReqPerSec: bareMean,
  targets: outcomes,
  profile,
  removedSessions,
};
fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
// bench/ is in Biome's scope (results are git-ignored, but `npm run lint` still reads them): write them its way.
try {
  execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/biome'), ['format', '--write', file], { stdio: 'ignore' });
} catch {
  // unformatted figures are still figures
}
console.log(`Figures written to ${path.relative(REPO_ROOT, file)}`);
