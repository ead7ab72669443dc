// Survival mode (issue 16): twice the saturating load for a minute, then normal load; the server must degrade,
// not die, and come back within 30 s.
import autocannon, { type Request, type Result } from 'autocannon';
import { cpuWindow } from './cpu.ts';
import { rssSampler } from './crisis.ts';
import type { Measurement } from './load.ts';
import type { BenchContext, MeasuredRow } from './scenarios.ts';

export interface SurvivalPlan {
  families: Request[][];
}

/** Connections lists: each connection loops over its own families' requests. */
function perConnection(families: Request[][], connections: number) {
  const size = Math.ceil(families.length / connections);
  const lists = Array.from({ length: connections }, (_, k) => families.slice(k * size, (k + 1) * size).flat()).filter(
    (l) => l.length > 0,
  );
  // More connections than families: the lists repeat.
  return Array.from({ length: connections }, (_, k) => lists[k % lists.length]!);
}

async function load(url: string, families: Request[][], connections: number, seconds: number): Promise<Result> {
  const lists = perConnection(families, connections);
  let client = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [lists[0]![0]!],
    setupClient: (c) => c.setRequests(lists[client++ % lists.length]!),
  });
}

function row(r: Result, connections: number, cpu: Measurement['cpu'], window: Measurement['window']): Measurement {
  const total = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    connections,
    durationS: r.duration,
    requests: total,
    reqPerSec: total / r.duration,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)])),
    cpu,
    serverCpuUsPerReq: null,
    loadGenCpuUsPerReq: null,
    cpuBoundReqPerSec: null,
    window,
  };
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Overload: the families' mix (as in the crisis) on 2 × `--connections` for `--survival-seconds` (60), i.e. twice
 * a load that already saturates the server (with `--connections` 50 every request queues). Then normal load
 * (`--connections` ÷ 5) in one-second windows until a window has no 503 and a p99 ≤ 300 ms: the recovery time.
 * Then the same normal load for `--duration` seconds, measured. The server must still be the same process.
 */
export async function runSurvival(
  ctx: BenchContext,
  server: { url: string; pid: number },
  plan: SurvivalPlan,
): Promise<{ rows: MeasuredRow[]; details: unknown }> {
  const peakRss = rssSampler(server.pid);
  const heavy = ctx.options.connections * 2;
  const normal = Math.max(1, Math.round(ctx.options.connections / 5));
  const t0 = monoUs();
  const cpu0 = cpuWindow(server.pid);
  const over = await load(server.url, plan.families, heavy, ctx.options.survivalSeconds);
  const overRow = row(over, heavy, cpu0(), { startUs: t0, endUs: monoUs() });
  const t1 = monoUs();
  let recoverySeconds: number | null = null;
  const windows: Array<{ s: number; ok: number; shed: number; p99: number }> = [];
  for (let s = 1; s <= 30; s++) {
    const w = await load(server.url, plan.families, normal, 1);
    const shed = Number(w.statusCodeStats?.['503']?.count ?? 0);
    windows.push({ s, ok: w['2xx'], shed, p99: w.latency.p99 });
    if (shed === 0 && w.errors === 0 && w.latency.p99 <= 300 && w['2xx'] > 0) {
      recoverySeconds = (monoUs() - t1) / 1e6;
      break;
    }
  }
  const t2 = monoUs();
  const cpu2 = cpuWindow(server.pid);
  const after = await load(server.url, plan.families, normal, ctx.options.duration);
  const afterRow = row(after, normal, cpu2(), { startUs: t2, endUs: monoUs() });
  const sameProcess = alive(server.pid);
  const health = await fetch(`${server.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  );
  return {
    rows: [
      {
        name: 'survival-overload',
        title: `Survival: families' mix at ${heavy} connections (2 × saturation)`,
        m: overRow,
      },
      { name: 'survival-after', title: `  then normal load (${normal} connections), after recovery`, m: afterRow },
    ],
    details: {
      overloadSeconds: ctx.options.survivalSeconds,
      refused503: Number(over.statusCodeStats?.['503']?.count ?? 0),
      servedDuringOverload: over['2xx'],
      errorsDuringOverload: over.errors + over.timeouts,
      recoverySeconds,
      recoveryWindows: windows,
      sameProcess,
      healthz: health,
      peakRssMb: peakRss(),
    },
  };
}
