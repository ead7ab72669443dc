import fs from 'node:fs';

/** Linux's USER_HZ: /proc times are in 1/100 s on every mainstream kernel. */
const TICK_MS = 10;

function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, ppid 4, utime 14, stime 15.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds (user + system, all threads) a process and its live children (the workers of
 * PREAU_WORKERS > 1) have used so far; null where /proc is missing.
 */
export function processCpuMs(pid: number): number | null {
  const own = statFields(pid);
  if (!own) return null;
  let ticks = Number(own[11]) + Number(own[12]);
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name);
    if (f && Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

/** Busy and total CPU milliseconds of the whole machine, summed over cores. */
export function machineCpuMs(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return null;
  }
}

export interface CpuWindow {
  /** CPU ms the server process used during the window. */
  serverMs: number | null;
  /** CPU ms the load generator (this process) used. */
  loadGenMs: number;
  /** CPU ms every other process used: the neighbours that make this machine noisy. */
  othersMs: number | null;
  /** Machine CPU ms available during the window (cores × wall time). */
  capacityMs: number | null;
}

/** Starts CPU accounting; call the returned function at the end of the window. */
export function cpuWindow(serverPid: number): () => CpuWindow {
  const s0 = processCpuMs(serverPid);
  const m0 = machineCpuMs();
  const p0 = process.cpuUsage();
  return () => {
    const s1 = processCpuMs(serverPid);
    const m1 = machineCpuMs();
    const p = process.cpuUsage(p0);
    const serverMs = s0 !== null && s1 !== null ? s1 - s0 : null;
    const loadGenMs = (p.user + p.system) / 1000;
    const busy = m0 && m1 ? m1.busy - m0.busy : null;
    return {
      serverMs,
      loadGenMs: Math.round(loadGenMs),
      othersMs: busy !== null && serverMs !== null ? Math.max(0, Math.round(busy - serverMs - loadGenMs)) : null,
      capacityMs: m0 && m1 ? m1.total - m0.total : null,
    };
  };
}
