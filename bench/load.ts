import autocannon, { type Request, type Result } from 'autocannon';
import { type CpuWindow, cpuWindow } from './cpu.ts';

export interface LoadSpec {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before the measurement, discarded. */
  warmup: number;
  /** One request or a sequence; each connection loops over it. */
  requests: Request[];
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
  /** CLOCK_MONOTONIC µs at the start and end of the measured part (for cutting a CPU profile). */
  window: { startUs: number; endUs: number };
}

const monoUs = () => Number(process.hrtime.bigint() / 1000n);

export async function measure(url: string, serverPid: number, spec: LoadSpec): Promise<Measurement> {
  if (spec.warmup > 0) {
    await autocannon({ url, connections: spec.connections, duration: spec.warmup, requests: spec.requests });
  }
  const startUs = monoUs();
  const endCpu = cpuWindow(serverPid);
  const r: Result = await autocannon({
    url,
    connections: spec.connections,
    duration: spec.duration,
    requests: spec.requests,
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
    window: { startUs, endUs },
  };
}
