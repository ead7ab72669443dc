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

const requestOptions = (spec: LoadSpec) => ({
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
  const cpu = endCpu();
  const total = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    connections: spec.connections,
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
    serverCpuUsPerReq: cpu.serverMs !== null && total > 0 ? (cpu.serverMs * 1000) / total : null,
    loadGenCpuUsPerReq: total > 0 ? (cpu.loadGenMs * 1000) / total : null,
    cpuBoundReqPerSec:
      cpu.serverMs !== null && total > 0
        ? cpuBound(cpu.serverMs / total, cpu.loadGenMs / total, spec.maxServerCores)
        : null,
    window: { startUs, endUs },
  };
}
