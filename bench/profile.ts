import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  sampledMs: number;
  /** Self time by area (package, Préau file, GC, idle...). */
  byArea: ProfileEntry[];
  /** Self time by function. */
  topSelf: ProfileEntry[];
  /** Time with the function anywhere on the stack, for Préau's own functions and a few library ones. */
  inclusive: ProfileEntry[];
}

function area(f: CallFrame): string {
  if (!f.url) {
    if (f.functionName.startsWith('(')) return f.functionName; // (garbage collector), (idle), (program)
    return '(native)';
  }
  const nm = f.url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = f.url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = f.url.indexOf('/src/server/');
  if (src >= 0) return f.url.slice(src + 1).replace(/^file:\/\//, '');
  if (f.url.startsWith('node:')) return 'node internals';
  return path.basename(f.url);
}

const label = (f: CallFrame) => {
  const file = f.url && !f.url.includes('/src/server/') ? ` ${path.basename(f.url)}` : '';
  return `${f.functionName || '(anonymous)'} ${area(f)}${file}:${f.lineNumber + 1}`;
};

/** Reads a .cpuprofile and attributes the samples taken inside [startUs, endUs] (CLOCK_MONOTONIC µs). */
export function summariseProfile(file: string, window?: { startUs: number; endUs: number }): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const incl = new Map<string, number>();
  const stamps: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) {
    t += d;
    stamps.push(t);
  }
  const inWindow = (ts: number) => window !== undefined && ts >= window.startUs && ts <= window.endUs;
  // Falls back to the whole profile if the window does not match its clock.
  const useWindow = stamps.some(inWindow);
  let sampled = 0;

  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000; // the sample lasts until the next one, in ms
    if (useWindow && !inWindow(stamps[i]!)) continue;
    const node = byId.get(p.samples[i]!)!;
    sampled += dt;
    const f = node.callFrame;
    self.set(label(f), (self.get(label(f)) ?? 0) + dt);
    areas.set(area(f), (areas.get(area(f)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      if (
        !cf.url ||
        !(cf.url.includes('/src/server/') || /fastify-type-provider-zod|kysely\/|better-sqlite3|\/zod\//.test(cf.url))
      )
        continue;
      const k = label(cf);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), pct: sampled ? (100 * ms) / sampled : 0 }));
  return {
    file,
    windowMs: window && useWindow ? (window.endUs - window.startUs) / 1000 : (p.endTime - p.startTime) / 1000,
    sampledMs: Math.round(sampled),
    byArea: top(areas, 20),
    topSelf: top(self, 30),
    inclusive: top(incl, 40),
  };
}

export function printProfile(s: ProfileSummary) {
  const rows = (title: string, es: ProfileEntry[]) => {
    console.log(`\n  ${title}`);
    for (const e of es) console.log(`    ${e.pct.toFixed(1).padStart(5)}%  ${String(e.ms).padStart(7)} ms  ${e.name}`);
  };
  console.log(`\nCPU profile of the Préau child during GET /api/me (${s.file})`);
  console.log(`  ${s.sampledMs} ms sampled over a ${Math.round(s.windowMs)} ms window`);
  rows('Self time by area', s.byArea);
  rows('Self time by function', s.topSelf);
  rows('Inclusive time (Préau code, zod, kysely, better-sqlite3)', s.inclusive);
}
