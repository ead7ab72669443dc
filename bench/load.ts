import os from 'node:os';
import autocannon, { type Client, type Request, type Result } from 'autocannon';
import { type CpuWindow, cpuWindow } from './cpu.ts';

export interface LoadSpec {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before the measurement, discarded. */
  warmup: number;
  /** One request or a sequence; each connection loops over it. */
  requests: Request[];
  /** Called with each connection's client, e.g. to give it its own request list. */
  setupClient?: (client: Client) => void;
  /** Cores the server can keep busy: 1 for work on the event loop (the default), more with a thread pool. */
  maxServerCores?: number;
}

export interface Measurement {
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU used during the measured part: the server's, the load generator's, the neighbours'. */
  cpu: CpuWindow;
  /** Server CPU µs per completed request: steadier than req/s on a shared machine. */
  serverCpuUsPerReq: number | null;
  /** Load generator CPU µs per completed request. */
  loadGenCpuUsPerReq: number | null;
  /**
   * req/s this machine would give if its cores served only this server and the load generator, from the CPU
   * each request cost them: cores × 1 s ÷ (server + load generator CPU per request). An estimate that holds
   * when the server is CPU-bound and parallel enough to use the cores (argon2's threads are; the event loop
   * is one core at most), but steady when neighbours take most of the CPU.
   */
  cpuBoundReqPerSec: number | null;
  /** CLOCK_MONOTONIC µs at the start and end of the measured part (for cutting a CPU profile). */
  window: { startUs: number; endUs: number };
}

const CORES = os.availableParallelism();

/** See Measurement.cpuBoundReqPerSec; the server side is capped at `maxServerCores` cores. */
function cpuBound(serverMsPerReq: number, loadGenMsPerReq: number, maxServerCores = 1): number {
  // Both share the cores; the server cannot use more than maxServerCores of them.
  const shared = (CORES * 1000) / (serverMsPerReq + loadGenMsPerReq);
  const serverCap = (Math.min(maxServerCores, CORES) * 1000) / serverMsPerReq;
  return Math.min(shared, serverCap);
}

const requestOptions = (spec: Pick<LoadSpec, 'requests' | 'setupClient'>) => ({
  requests: spec.requests,
  ...(spec.setupClient ? { setupClient: spec.setupClient } : {}),
});

const monoUs = () => Number(process.hrtime.bigint() / 1000n);

export async function measure(url: string, serverPid: number, spec: LoadSpec): Promise<Measurement> {
  if (spec.warmup > 0) {
    await autocannon({ url, connections: spec.connections, duration: spec.warmup, ...requestOptions(spec) });
  }
  const startUs = monoUs();
  const endCpu = cpuWindow(serverPid);
  const r: Result = await autocannon({
    url,
    connections: spec.connections,
    duration: spec.duration,
    ...requestOptions(spec),
  });
  const endUs = monoUs();
  return summarise(r, spec.connections, endCpu(), { startUs, endUs }, spec.maxServerCores);
}

/** A measurement from autocannon's result; `perRequestCpu` false when other load shared the CPU window. */
function summarise(
  r: Result,
  connections: number,
  cpu: CpuWindow,
  window: Measurement['window'],
  maxServerCores?: number,
  perRequestCpu = true,
): Measurement {
  const total = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  const own = perRequestCpu && total > 0;
  return {
    connections,
    durationS: r.duration,
    requests: total,
    // Completed responses over the measured time (autocannon's own per-second mean drops the last partial second).
    reqPerSec: total / r.duration,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)])),
    cpu,
    serverCpuUsPerReq: own && cpu.serverMs !== null ? (cpu.serverMs * 1000) / total : null,
    loadGenCpuUsPerReq: own ? (cpu.loadGenMs * 1000) / total : null,
    cpuBoundReqPerSec:
      own && cpu.serverMs !== null ? cpuBound(cpu.serverMs / total, cpu.loadGenMs / total, maxServerCores) : null,
    window,
  };
}

export interface BurstSpec {
  /** Each request sent exactly once (autocannon's `amount`), spread over the connections. */
  writes: { connections: number; requests: Request[] };
  /** Reads going on meanwhile, looping until the writes are done. */
  reads: Pick<LoadSpec, 'connections' | 'requests' | 'setupClient'>;
  /** Seconds of reads alone before the burst, discarded. */
  warmup: number;
  /** Other loads going on during the burst (not during the warm-up), e.g. sign-ins at a fixed rate. */
  alongside?: Array<Pick<LoadSpec, 'connections' | 'requests' | 'setupClient'> & { overallRate?: number }>;
}

/**
 * A burst of distinct writes, each sent once, with reads going on at the same time: two autocannons in this
 * process, the reads started first and stopped when the last write has answered. The CPU window covers both,
 * so the per-request CPU columns stay empty (the server's total is in `cpu`).
 */
export async function measureBurst(
  url: string,
  serverPid: number,
  spec: BurstSpec,
): Promise<{ writes: Measurement; reads: Measurement; alongside: Measurement[] }> {
  const n = spec.writes.requests.length;
  const connections = Math.min(spec.writes.connections, n);
  if (n === 0) throw new Error('No writes to send');
  // autocannon gives connection i floor(n / c) + (i < n % c ? 1 : 0) requests: hand each exactly its own slice.
  const slices: Request[][] = [];
  for (let i = 0, from = 0; i < connections; i++) {
    const size = Math.floor(n / connections) + (i < n % connections ? 1 : 0);
    slices.push(spec.writes.requests.slice(from, from + size));
    from += size;
  }
  let client = 0;
  if (spec.warmup > 0) {
    await autocannon({
      url,
      connections: spec.reads.connections,
      duration: spec.warmup,
      ...requestOptions(spec.reads),
    });
  }
  const reads = autocannon({ url, connections: spec.reads.connections, duration: 3600, ...requestOptions(spec.reads) });
  const others = (spec.alongside ?? []).map((a) =>
    autocannon({
      url,
      connections: a.connections,
      duration: 3600,
      timeout: 60,
      ...(a.overallRate ? { overallRate: a.overallRate } : {}),
      ...requestOptions(a),
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const startUs = monoUs();
  const endCpu = cpuWindow(serverPid);
  const w: Result = await autocannon({
    url,
    connections,
    amount: n,
    timeout: 60,
    requests: [slices[0]![0]!],
    setupClient: (c) => c.setRequests(slices[client++]!),
  });
  const endUs = monoUs();
  const cpu = endCpu();
  reads.stop();
  for (const x of others) x.stop();
  const r = await reads;
  const window = { startUs, endUs };
  const alongside = await Promise.all(others);
  return {
    writes: summarise(w, connections, cpu, window, 1, false),
    reads: summarise(r, spec.reads.connections, cpu, window, 1, false),
    alongside: alongside.map((x, i) => summarise(x, spec.alongside![i]!.connections, cpu, window, 1, false)),
  };
}
