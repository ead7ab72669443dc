// The crisis morning (issue 16): every school's 8:00 roll calls while families sign in and read their day.
import fs from 'node:fs';
import type { Request } from 'autocannon';
import { sampleAccounts } from './database.ts';
import { measureBurst } from './load.ts';
import { type BurstPlan, prepareBurst } from './rollcall.ts';
import type { BenchContext, MeasuredRow } from './scenarios.ts';
import { BENCH_USER_AGENT, type Session } from './sessions.ts';

/*
 * 20,000 sign-ins in 10 minutes is 33 a second (`--crisis-sign-ins`, the default): the rate sign-ins arrive at
 * during the roll calls. Each comes from a distinct account not signed in before (sampled apart from the bench's
 * sessions), as long as the sample lasts.
 */
/** Accounts sampled for the sign-ins (a 60-second burst at 33/s). */
const SIGN_IN_ACCOUNTS = 2000;

export interface CrisisPlan {
  burst: BurstPlan;
  /** Per family session: four reads then one write (80 % / 20 %). */
  families: Request[][];
  signIns: Request[];
  writesOf: Record<string, number>;
}

const get = (s: Session, path: string): Request => ({
  method: 'GET',
  path,
  headers: { cookie: s.cookie, 'user-agent': BENCH_USER_AGENT },
});
const write = (s: Session, method: 'POST' | 'DELETE', path: string): Request => ({
  method,
  path,
  headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'user-agent': BENCH_USER_AGENT },
});

async function json<T>(url: string, s: Session, path: string): Promise<T | null> {
  const res = await fetch(`${url}${path}`, { headers: { cookie: s.cookie, 'user-agent': BENCH_USER_AGENT } });
  if (!res.ok) {
    await res.arrayBuffer();
    return null;
  }
  return (await res.json()) as T;
}

/**
 * What each family does: a pupil reads /api/me, their week, homework and grades, then ticks a homework as done
 * (or, without homework, marks their notifications read); a guardian reads the family home, then a child's week,
 * homework and grades, then marks notifications read. Built once per session here (8 at a time).
 */
export async function prepareFamilies(
  ctx: BenchContext,
  url: string,
): Promise<{ families: Request[][]; writesOf: Record<string, number> }> {
  const writesOf: Record<string, number> = {};
  const count = (k: string) => {
    writesOf[k] = (writesOf[k] ?? 0) + 1;
  };
  const families: Request[][] = new Array(ctx.sessions.length);
  let next = 0;
  const worker = async () => {
    while (next < ctx.sessions.length) {
      const i = next++;
      const s = ctx.sessions[i]!;
      if (s.kind === 'pupil') {
        const hw = await json<{ items: { id: string }[] }>(url, s, `/api/homework/pupils/${s.personId}`);
        const id = hw?.items[0]?.id;
        const tick = id ? write(s, i % 2 ? 'POST' : 'DELETE', `/api/homework/${id}/done`) : null;
        count(tick ? 'homework done' : 'notifications read');
        families[i] = [
          get(s, '/api/me'),
          get(s, `/api/timetable/pupils/${s.personId}/week`),
          get(s, `/api/homework/pupils/${s.personId}`),
          get(s, `/api/grades/pupils/${s.personId}`),
          tick ?? write(s, 'POST', '/api/notifications/read-all'),
        ];
      } else {
        const me = await json<{ children: { id: string }[] }>(url, s, '/api/me');
        const child = me?.children[0]?.id;
        count('notifications read');
        families[i] = [
          get(s, '/api/home/family'),
          ...(child
            ? [
                get(s, `/api/timetable/pupils/${child}/week`),
                get(s, `/api/homework/pupils/${child}`),
                get(s, `/api/grades/pupils/${child}`),
              ]
            : [get(s, '/api/me'), get(s, '/api/me'), get(s, '/api/me')]),
          write(s, 'POST', '/api/notifications/read-all'),
        ];
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  return { families: families.filter(Boolean), writesOf };
}

export async function prepareCrisis(ctx: BenchContext, url: string): Promise<CrisisPlan> {
  const burst = await prepareBurst(ctx.options, url, ctx.cpes);
  const { families, writesOf } = await prepareFamilies(ctx, url);
  // Accounts that have not signed in yet: a sample apart from the bench's own sessions.
  const taken = new Set(ctx.sessions.map((s) => s.login));
  const half = Math.ceil(SIGN_IN_ACCOUNTS / 2);
  if (ctx.options.crisisSignIns === 0) return { burst, families, signIns: [], writesOf };
  const fresh = (await sampleAccounts({ ...ctx.options, pupils: half + taken.size, guardians: half + taken.size }))
    .filter((a) => !taken.has(a.login))
    .slice(0, SIGN_IN_ACCOUNTS);
  const signIns: Request[] = fresh.map((a) => ({
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json', 'user-agent': BENCH_USER_AGENT },
    body: JSON.stringify({ login: a.login, password: ctx.options.password }),
  }));
  return { burst, families, signIns, writesOf };
}

/** Resident memory of the server and its children (workers), sampled: the peak over the run, in MB. */
export function rssSampler(pid: number): () => number {
  const rssKb = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  };
  const children = () => {
    try {
      return fs
        .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  let peak = 0;
  const sample = () => {
    const kb = rssKb(pid) + children().reduce((s, c) => s + rssKb(c), 0);
    if (kb > peak) peak = kb;
  };
  sample();
  const timer = setInterval(sample, 250);
  return () => {
    clearInterval(timer);
    sample();
    return Math.round(peak / 1024);
  };
}

/**
 * The crisis: the roll calls (each sent once, `connections` at a time), while the families' mix loops on
 * `connections` connections and sign-ins arrive at 33 a second on 8 more; all stop when the last roll call has
 * answered. Rows: roll calls, family reads and writes together, sign-ins.
 */
export async function runCrisis(
  ctx: BenchContext,
  server: { url: string; pid: number },
  plan: CrisisPlan,
): Promise<{ rows: MeasuredRow[]; details: unknown }> {
  const peakRss = rssSampler(server.pid);
  const perConnection = Math.ceil(plan.families.length / ctx.options.connections);
  const lists = Array.from({ length: ctx.options.connections }, (_, k) =>
    plan.families.slice(k * perConnection, (k + 1) * perConnection).flat(),
  ).filter((l) => l.length > 0);
  let client = 0;
  const signInConnections = 8;
  const rate = ctx.options.crisisSignIns;
  const signInLists = Array.from({ length: signInConnections }, (_, k) =>
    plan.signIns.filter((_, j) => j % signInConnections === k),
  ).filter((l) => l.length > 0 && rate > 0);
  let signInClient = 0;
  const { writes, reads, alongside } = await measureBurst(server.url, server.pid, {
    writes: { connections: ctx.options.connections, requests: plan.burst.puts },
    reads: {
      connections: lists.length,
      requests: [lists[0]![0]!],
      setupClient: (c) => c.setRequests(lists[client++ % lists.length]!),
    },
    warmup: ctx.options.warmup,
    alongside: signInLists.length
      ? [
          {
            connections: signInLists.length,
            overallRate: rate,
            requests: [signInLists[0]![0]!],
            setupClient: (c) => c.setRequests(signInLists[signInClient++ % signInLists.length]!),
          },
        ]
      : [],
  });
  const rssMb = peakRss();
  const rows: MeasuredRow[] = [
    {
      name: 'crisis-rollcalls',
      title: `Crisis: ${plan.burst.puts.length} roll-call PUTs (8:00, every school)`,
      m: writes,
    },
    { name: 'crisis-families', title: '  families: 80 % reads (home, week, homework, grades), 20 % writes', m: reads },
  ];
  const signIns = alongside[0];
  if (signIns) rows.push({ name: 'crisis-signins', title: `  sign-ins at ${rate}/s`, m: signIns });
  return {
    rows,
    details: {
      date: plan.burst.date,
      schools: plan.burst.schools,
      rollCalls: plan.burst.puts.length,
      familySessions: plan.families.length,
      familyWrites: plan.writesOf,
      signInAccounts: plan.signIns.length,
      peakRssMb: rssMb,
    },
  };
}
