import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Request } from 'autocannon';
import { type CrisisPlan, prepareCrisis, prepareFamilies, runCrisis } from './crisis.ts';
import type { Account } from './database.ts';
import { type LoadSpec, type Measurement, measureBurst } from './load.ts';
import type { BenchOptions } from './options.ts';
import { type BurstPlan, prepareBurst } from './rollcall.ts';
import { BENCH_USER_AGENT, type Session } from './sessions.ts';
import { runSurvival, type SurvivalPlan } from './survival.ts';

/** What a scenario gets to build its load: the servers' URLs, the signed-in sessions, the sampled accounts. */
export interface BenchContext {
  options: BenchOptions;
  sessions: Session[];
  accounts: Account[];
  /** One signed-in CPE per school (vie scolaire), for the scenarios that write. */
  cpes: Session[];
}

/** A row of the results table. */
export interface MeasuredRow {
  name: string;
  title: string;
  m: Measurement;
}

/**
 * One measured load. To add one (a timetable week, the 8:00 roll-call burst, report cards...), append an
 * object to SCENARIOS: build its requests from ctx (sessions rotate with `rotating`), and, if the issue
 * sets a figure for it, add a Target to TARGETS below.
 */
export interface Scenario {
  /** Key in the results JSON and for --only. */
  name: string;
  title: string;
  server: 'bare' | 'preau';
  /** Optional, before the warm-up: e.g. one request per session, so that the run measures steady state. */
  prepare?(ctx: BenchContext, url: string): Promise<void>;
  /** A steady load, measured for a duration after a warm-up. */
  load?(ctx: BenchContext): LoadSpec;
  /** Instead of load: a measurement of its own (e.g. a burst), giving one or more rows and details for the JSON. */
  run?(ctx: BenchContext, server: { url: string; pid: number }): Promise<{ rows: MeasuredRow[]; details: unknown }>;
}

/**
 * One GET per session, 8 at a time. Préau refreshes a session's last_seen_at at most once a minute (a write,
 * fsynced); sessions signed in more than a minute ago would all write during the first seconds of the run.
 */
export async function touchEverySession(ctx: BenchContext, url: string, path: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ctx.sessions.length) {
      const s = ctx.sessions[next++]!;
      const res = await fetch(`${url}${path}`, { headers: { cookie: s.cookie, 'user-agent': BENCH_USER_AGENT } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${path} as ${s.login} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * The same request once per session, each with its cookie, prebuilt (a setupRequest per request costs the load
 * generator several times more CPU). Each of the `connections` connections cycles through its own slice of
 * the sessions, so concurrent and consecutive requests use different sessions and every session is used.
 */
export function rotating(
  sessions: Session[],
  base: Request,
  connections: number,
  /** A path per session (e.g. the pupil's own timetable) instead of base.path. */
  pathOf?: (s: Session) => string,
): Pick<LoadSpec, 'requests' | 'setupClient'> {
  if (sessions.length === 0) throw new Error('No signed-in sessions to rotate');
  const one = (s: Session): Request => ({
    ...base,
    ...(pathOf ? { path: pathOf(s) } : {}),
    headers: { ...base.headers, cookie: s.cookie },
  });
  const size = Math.ceil(sessions.length / Math.min(connections, sessions.length));
  const slices = Array.from({ length: Math.ceil(sessions.length / size) }, (_, k) =>
    sessions.slice(k * size, (k + 1) * size),
  );
  let client = 0;
  return {
    // Built by autocannon for every connection before setupClient replaces it: keep it to one request.
    requests: [one(sessions[0]!)],
    setupClient: (c) => c.setRequests(slices[client++ % slices.length]!.map(one)),
  };
}

/** Built by the roll-call burst's prepare, used once by its run. */
let burstPlan: BurstPlan | undefined;

/** Built by the crisis scenario's prepare, used once by its run. */
let crisisPlan: CrisisPlan | undefined;

/** Built by the survival scenario's prepare. */
let survivalPlan: SurvivalPlan | undefined;

/** Built by the messaging scenario's prepare: one send per school (its CPE to every guardian of the school). */
let messagingSends: Array<{ request: Request; school: string }> | undefined;

/** Each CPE's "all guardians of the school": the level-guardians groups its recipient search offers. */
async function prepareMessagingSends(url: string, cpes: Session[]) {
  const out: Array<{ request: Request; school: string }> = [];
  for (const cpe of cpes) {
    const res = await fetch(`${url}/api/messaging/recipients?q=niveau`, {
      headers: { cookie: cpe.cookie, 'user-agent': BENCH_USER_AGENT },
    });
    if (!res.ok) throw new Error(`recipient search as ${cpe.login} answered ${res.status}`);
    const { groups } = (await res.json()) as { groups: Array<{ key: string; kind: string }> };
    const recipients = groups.filter((g) => g.kind === 'level-guardians').map((g) => ({ type: 'group', key: g.key }));
    if (recipients.length === 0) continue;
    out.push({
      school: cpe.login,
      request: {
        method: 'POST',
        path: '/api/messages',
        headers: {
          cookie: cpe.cookie,
          'x-csrf-token': cpe.csrfToken,
          'content-type': 'application/json',
          'user-agent': BENCH_USER_AGENT,
        },
        body: JSON.stringify({
          subject: 'Réunion parents-professeurs',
          body: '<p>Madame, Monsieur,</p><p>La réunion parents-professeurs aura lieu <strong>jeudi</strong>.</p>',
          recipients,
        }),
      },
    });
  }
  return out;
}

const http = (ctx: BenchContext): Pick<LoadSpec, 'connections' | 'duration' | 'warmup'> => ({
  connections: ctx.options.connections,
  duration: ctx.options.duration,
  warmup: ctx.options.warmup,
});

const bare: Omit<Scenario, 'name' | 'title'> = {
  server: 'bare',
  load: (ctx) => ({ ...http(ctx), requests: [{ method: 'GET', path: '/' }] }),
};

export const SCENARIOS: Scenario[] = [
  { name: 'bare-before', title: 'bare Fastify GET / (before)', ...bare },
  {
    name: 'preau-healthz',
    title: 'Préau GET /healthz (no session, no DB)',
    server: 'preau',
    load: (ctx) => ({ ...http(ctx), requests: [{ method: 'GET', path: '/healthz' }] }),
  },
  {
    name: 'preau-me',
    title: 'Préau GET /api/me (rotating sessions)',
    server: 'preau',
    prepare: (ctx, url) => touchEverySession(ctx, url, '/api/me'),
    load: (ctx) => ({
      ...http(ctx),
      ...rotating(
        ctx.sessions,
        { method: 'GET', path: '/api/me', headers: { 'user-agent': BENCH_USER_AGENT } },
        ctx.options.connections,
      ),
    }),
  },
  {
    name: 'preau-pupil-week',
    title: 'Préau GET /api/timetable/pupils/:id/week (pupils, each their own week)',
    server: 'preau',
    prepare: (ctx, url) => touchEverySession(ctx, url, '/api/me'),
    load: (ctx) => ({
      ...http(ctx),
      ...rotating(
        ctx.sessions.filter((s) => s.kind === 'pupil'),
        { method: 'GET', path: '/api/timetable/pupils/-/week', headers: { 'user-agent': BENCH_USER_AGENT } },
        ctx.options.connections,
        (s) => `/api/timetable/pupils/${s.personId}/week`,
      ),
    }),
  },
  {
    // A guardian's home: every child's day (timetable, homework due, new grades, absences).
    name: 'preau-family-home',
    title: 'Préau GET /api/home/family (guardians, rotating)',
    server: 'preau',
    prepare: (ctx, url) => touchEverySession(ctx, url, '/api/me'),
    load: (ctx) => ({
      ...http(ctx),
      ...rotating(
        ctx.sessions.filter((s) => s.kind === 'guardian'),
        { method: 'GET', path: '/api/home/family', headers: { 'user-agent': BENCH_USER_AGENT } },
        ctx.options.connections,
      ),
    }),
  },
  {
    name: 'rollcall-burst',
    title: 'Préau 8:00 burst: PUT roll calls (CPE, each once)',
    server: 'preau',
    prepare: async (ctx, url) => {
      await touchEverySession(ctx, url, '/api/me');
      burstPlan = await prepareBurst(ctx.options, url, ctx.cpes);
    },
    run: async (ctx, server) => {
      const plan = burstPlan;
      if (!plan) throw new Error('rollcall-burst: prepare did not run');
      burstPlan = undefined;
      const { writes, reads } = await measureBurst(server.url, server.pid, {
        writes: { connections: ctx.options.connections, requests: plan.puts },
        reads: {
          connections: ctx.options.connections,
          ...rotating(
            ctx.sessions,
            { method: 'GET', path: '/api/me', headers: { 'user-agent': BENCH_USER_AGENT } },
            ctx.options.connections,
          ),
        },
        warmup: ctx.options.warmup,
      });
      const rollCallsPerSec = (writes.statusCodes['200'] ?? 0) / writes.durationS;
      return {
        rows: [
          { name: 'rollcall-burst', title: `Préau 8:00 burst: ${plan.puts.length} roll-call PUTs`, m: writes },
          { name: 'rollcall-burst-reads', title: '  GET /api/me during the burst', m: reads },
        ],
        details: {
          date: plan.date,
          schools: plan.schools,
          firstHours: plan.firstHours,
          sessions: plan.puts.length,
          skippedSessions: plan.skipped,
          prepareSeconds: plan.seconds,
          rollCallsPerSec,
          serverCpuMsDuringBurst: writes.cpu.serverMs,
        },
      };
    },
  },
  {
    // A message to every guardian of a school (~1,700 copies for 1,000 pupils), one per school, one after the
    // other, while guardians read their inbox: the send is accepted in ≤ 1 s, the inbox stays ≤ 50 ms p99.
    name: 'messaging-send',
    title: 'Préau POST /api/messages to all guardians of a school (CPE, one per school)',
    server: 'preau',
    prepare: async (ctx, url) => {
      await touchEverySession(ctx, url, '/api/me');
      messagingSends = await prepareMessagingSends(url, ctx.cpes);
    },
    run: async (ctx, server) => {
      const sends = messagingSends;
      messagingSends = undefined;
      if (!sends?.length) throw new Error('messaging-send: no CPE could address the guardians of a level');
      const guardians = ctx.sessions.filter((s) => s.kind === 'guardian');
      const { writes, reads } = await measureBurst(server.url, server.pid, {
        writes: { connections: 1, requests: sends.map((x) => x.request) },
        reads: {
          connections: ctx.options.connections,
          ...rotating(
            guardians.length ? guardians : ctx.sessions,
            { method: 'GET', path: '/api/messages', headers: { 'user-agent': BENCH_USER_AGENT } },
            ctx.options.connections,
          ),
        },
        warmup: ctx.options.warmup,
      });
      return {
        rows: [
          { name: 'messaging-send', title: `Préau ${sends.length} sends to all guardians of a school`, m: writes },
          { name: 'messaging-send-reads', title: '  GET /api/messages (guardians) during the sends', m: reads },
        ],
        details: { sends: sends.length },
      };
    },
  },
  {
    // The crisis morning (bench/crisis.ts): every school's 8:00 roll calls, while the signed-in families read their
    // day (80 %) and tick homework or mark notifications read (20 %), and fresh accounts sign in at 33/s.
    name: 'crisis',
    title: 'Préau crisis morning: roll calls + families + sign-ins',
    server: 'preau',
    prepare: async (ctx, url) => {
      await touchEverySession(ctx, url, '/api/me');
      crisisPlan = await prepareCrisis(ctx, url);
    },
    run: async (ctx, server) => {
      const plan = crisisPlan;
      crisisPlan = undefined;
      if (!plan) throw new Error('crisis: prepare did not run');
      return runCrisis(ctx, server, plan);
    },
  },
  {
    // Survival mode (bench/survival.ts): 2 × a saturating load for a minute, then normal load: no crash, recovery
    // within 30 s, and how much was refused.
    name: 'survival',
    title: 'Préau survival: overload then recovery',
    server: 'preau',
    prepare: async (ctx, url) => {
      await touchEverySession(ctx, url, '/api/me');
      survivalPlan = { families: (await prepareFamilies(ctx, url)).families };
    },
    run: async (ctx, server) => {
      const plan = survivalPlan;
      survivalPlan = undefined;
      if (!plan) throw new Error('survival: prepare did not run');
      return runSurvival(ctx, server, plan);
    },
  },
  {
    // Not an HTTP load: every report card of the demo college generated in a child process (bench/report-cards.ts).
    name: 'report-cards',
    title: 'Report cards of the demo college (PDF each)',
    server: 'preau',
    run: async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'report-cards.ts')],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      return { rows: [], details: JSON.parse(stdout) as unknown };
    },
  },
  { name: 'bare-after', title: 'bare Fastify GET / (after)', ...bare },
  {
    name: 'preau-login',
    title: 'Préau POST /api/auth/login (argon2id)',
    server: 'preau',
    load: (ctx) => {
      let i = 0;
      const body = (login: string) => JSON.stringify({ login, password: ctx.options.password });
      return {
        connections: ctx.options.loginConnections,
        duration: ctx.options.loginDuration,
        warmup: Math.min(ctx.options.warmup, 2),
        maxServerCores: 2, // argon2 runs on the libuv pool, next to the event loop
        requests: [
          {
            method: 'POST',
            path: '/api/auth/login',
            headers: { 'content-type': 'application/json', 'user-agent': BENCH_USER_AGENT },
            setupRequest: (req) => ({ ...req, body: body(ctx.accounts[i++ % ctx.accounts.length]!.login) }),
          },
        ],
      };
    },
  },
];

export interface TargetOutcome {
  label: string;
  value: number | null;
  goal: string;
  pass: boolean | null;
}

/** The targets, computed from the measurements by name (null when a scenario did not run). */
export interface Target {
  label: string;
  evaluate(m: Record<string, Measurement>): TargetOutcome;
}

/** The bare baseline: the mean of the runs before and after Préau (the machine is noisy). */
export function bareReqPerSec(m: Record<string, Measurement>): number | null {
  const runs = [m['bare-before'], m['bare-after']].filter((x): x is Measurement => x !== undefined);
  return runs.length ? runs.reduce((s, r) => s + r.reqPerSec, 0) / runs.length : null;
}

const outcome = (label: string, value: number | null | undefined, goal: string, ok: (v: number) => boolean) => ({
  label,
  value: value ?? null,
  goal,
  pass: value == null ? null : ok(value),
});

export const TARGETS: Target[] = [
  {
    label: 'GET /api/me req/s ÷ bare Fastify req/s',
    evaluate: (m) => {
      const b = bareReqPerSec(m);
      const me = m['preau-me'];
      return outcome('GET /api/me ÷ bare Fastify', me && b ? me.reqPerSec / b : null, '≥ 0.25', (v) => v >= 0.25);
    },
  },
  {
    label: 'GET /api/me p99',
    evaluate: (m) => outcome('GET /api/me p99 (ms)', m['preau-me']?.latencyMs.p99, '≤ 50 ms', (v) => v <= 50),
  },
  {
    label: 'GET /api/me non-2xx',
    evaluate: (m) => {
      const me = m['preau-me'];
      return outcome('GET /api/me non-2xx + errors', me ? me.non2xx + me.errors : null, '= 0', (v) => v === 0);
    },
  },
  {
    label: 'GET /api/me ÷ bare Fastify, from CPU cost',
    evaluate: (m) => {
      const b = [m['bare-before'], m['bare-after']].map((x) => x?.cpuBoundReqPerSec).filter((x) => x != null);
      const me = m['preau-me']?.cpuBoundReqPerSec;
      const bare = b.length ? b.reduce((s, x) => s + x, 0) / b.length : null;
      return outcome('  same, CPU-bound estimate¹', me && bare ? me / bare : null, '≥ 0.25', (v) => v >= 0.25);
    },
  },
  {
    label: "pupil's week ÷ bare Fastify",
    evaluate: (m) => {
      const b = bareReqPerSec(m);
      const w = m['preau-pupil-week'];
      return outcome("pupil's week ÷ bare Fastify", w && b ? w.reqPerSec / b : null, '≥ 0.1', (v) => v >= 0.1);
    },
  },
  {
    label: "pupil's week p99",
    evaluate: (m) => outcome("pupil's week p99 (ms)", m['preau-pupil-week']?.latencyMs.p99, '≤ 50 ms', (v) => v <= 50),
  },
  {
    label: 'family home ÷ bare Fastify',
    evaluate: (m) => {
      const b = bareReqPerSec(m);
      const w = m['preau-family-home'];
      return outcome('family home ÷ bare Fastify', w && b ? w.reqPerSec / b : null, '≥ 0.1', (v) => v >= 0.1);
    },
  },
  {
    label: 'family home p99',
    evaluate: (m) => outcome('family home p99 (ms)', m['preau-family-home']?.latencyMs.p99, '≤ 50 ms', (v) => v <= 50),
  },
  {
    label: 'message to all guardians of a school, slowest send',
    evaluate: (m) =>
      outcome('send to all guardians, max (ms)', m['messaging-send']?.latencyMs.max, '≤ 1000 ms', (v) => v <= 1000),
  },
  {
    label: 'inbox p99 during the sends',
    evaluate: (m) =>
      outcome(
        'GET /api/messages p99 during sends (ms)',
        m['messaging-send-reads']?.latencyMs.p99,
        '≤ 50 ms',
        (v) => v <= 50,
      ),
  },
  {
    label: 'crisis: roll calls p99',
    evaluate: (m) =>
      outcome('crisis: roll calls p99 (ms)', m['crisis-rollcalls']?.latencyMs.p99, '≤ 300 ms', (v) => v <= 300),
  },
  {
    label: 'crisis: family reads and writes p99',
    evaluate: (m) =>
      outcome('crisis: families p99 (ms)', m['crisis-families']?.latencyMs.p99, '≤ 300 ms', (v) => v <= 300),
  },
  {
    label: 'crisis: every sign-in served',
    evaluate: (m) => {
      const x = m['crisis-signins'];
      return outcome('crisis: sign-ins not served', x ? x.non2xx + x.errors + x.timeouts : null, '= 0', (v) => v === 0);
    },
  },
  {
    label: 'crisis: roll calls not served',
    evaluate: (m) => {
      const x = m['crisis-rollcalls'];
      return outcome('crisis: roll calls non-2xx + errors', x ? x.non2xx + x.errors : null, '= 0', (v) => v === 0);
    },
  },
  {
    label: 'survival: errors during the overload',
    evaluate: (m) => {
      const x = m['survival-overload'];
      return outcome('survival: errors + timeouts', x ? x.errors + x.timeouts : null, '= 0', (v) => v === 0);
    },
  },
  {
    label: 'survival: p99 after recovery',
    evaluate: (m) =>
      outcome('survival: p99 after recovery (ms)', m['survival-after']?.latencyMs.p99, '≤ 300 ms', (v) => v <= 300),
  },
  {
    label: 'sign-ins per second',
    evaluate: (m) => outcome('sign-ins/s', m['preau-login']?.reqPerSec, '≥ 67/s', (v) => v >= 67),
  },
  {
    label: 'sign-ins per second, from CPU cost',
    evaluate: (m) =>
      outcome('  same, CPU-bound estimate¹', m['preau-login']?.cpuBoundReqPerSec, '≥ 67/s', (v) => v >= 67),
  },
  {
    label: 'sign-in non-2xx',
    evaluate: (m) => {
      const l = m['preau-login'];
      return outcome('sign-in non-2xx + errors', l ? l.non2xx + l.errors : null, '= 0', (v) => v === 0);
    },
  },
];
