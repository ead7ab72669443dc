/**
 * Parent–teacher evenings, for tests and the benchmark: seeded random instances, and an exact solver (an integer
 * program solved by HiGHS) to measure how far the scheduler's greedy + local improvement is from the optimum.
 */

import type { Highs } from 'highs';
import * as highsModule from 'highs';

// The package is CommonJS: its loader is the module's default export at run time.
const highsLoader = ((highsModule as unknown as { default: unknown }).default ?? highsModule) as () => Promise<Highs>;

import {
  type Placement,
  type SchedFamily,
  type SchedInstance,
  type SchedTeacher,
  type Score,
  scoreOf,
} from '../src/server/modules/evenings/evenings.scheduler.ts';
import { Rng } from '../src/server/seed/random.ts';

export interface InstanceOptions {
  families: number;
  teachers: number;
  /** Mean meetings per family (1 to 2 × this). */
  requests?: number;
  sites?: number;
  start?: number;
  end?: number;
  slotMinutes?: number;
  travelMinutes?: number;
  priorityRate?: number;
  constraintRate?: number;
  breakRate?: number;
}

/** A random evening: teachers on sites (some with a break), families seeing teachers on one or more sites. */
export function randomInstance(seed: string, o: InstanceOptions): SchedInstance {
  const rng = new Rng(seed);
  const start = o.start ?? 16 * 60 + 30;
  const end = o.end ?? 20 * 60;
  const slot = o.slotMinutes ?? 10;
  const sites = Array.from({ length: o.sites ?? 2 }, (_, i) => `site${i}`);
  const teachers: SchedTeacher[] = Array.from({ length: o.teachers }, (_, i) => {
    const breaks: Array<{ start: number; end: number }> = [];
    if (rng.chance(o.breakRate ?? 0.3)) {
      const b = start + rng.int(3, Math.max(3, Math.floor((end - start) / slot) - 4)) * slot;
      breaks.push({ start: b, end: b + 2 * slot });
    }
    return { id: `t${i}`, siteId: rng.pick(sites), start, end: rng.chance(0.1) ? end - 3 * slot : end, breaks };
  });
  const mean = o.requests ?? 4;
  const families: SchedFamily[] = Array.from({ length: o.families }, (_, i) => {
    const n = Math.min(teachers.length, rng.int(1, Math.max(1, 2 * mean - 1)));
    const chosen = new Set<string>();
    while (chosen.size < n) chosen.add(rng.pick(teachers).id);
    const constrained = rng.chance(o.constraintRate ?? 0.3);
    const arrives = constrained && rng.chance(0.5) ? start + rng.int(1, 6) * slot : null;
    const leaves = constrained && arrives === null ? end - rng.int(1, 6) * slot : null;
    return {
      id: `f${i}`,
      arrives,
      leaves,
      meetings: [...chosen].map((teacherId, j) => ({
        id: `f${i}m${j}`,
        teacherId,
        priority: rng.chance(o.priorityRate ?? 0.3),
      })),
    };
  });
  const travel = o.travelMinutes ?? 15;
  return {
    start,
    end,
    slotMinutes: slot,
    teachers,
    families,
    travel: (a, b) => (a === b ? 0 : travel),
  };
}

export interface ExactResult {
  placements: Placement[];
  score: Score;
  /** Whether HiGHS proved both stages optimal within the time limit. */
  optimal: boolean;
  seconds: number;
}

let highs: Highs | null = null;

/**
 * The optimum by integer programming, in two stages: (1) maximise requests met, priority first (weight: one more
 * than the number of requests); (2) with that many met, minimise the families' waiting (first and last slot per
 * family as variables). x[m,k] = 1 when meeting m is at slot k.
 */
export async function solveExact(
  inst: SchedInstance,
  o: { timeLimitSeconds?: number; minimiseWaiting?: boolean } = {},
): Promise<ExactResult> {
  const timeLimitSeconds = o.timeLimitSeconds ?? 30;
  highs ??= await highsLoader();
  const solver = highs;
  const t0 = performance.now();
  const slots = Math.floor((inst.end - inst.start) / inst.slotMinutes);
  const teacher = new Map(inst.teachers.map((t) => [t.id, t]));
  const vars: Array<{ name: string; familyIdx: number; meetingId: string; teacherId: string; k: number; w: number }> =
    [];
  const total = inst.families.reduce((s, f) => s + f.meetings.length, 0);
  inst.families.forEach((f, fi) => {
    for (const m of f.meetings) {
      const t = teacher.get(m.teacherId)!;
      for (let k = 0; k < slots; k++) {
        const s = inst.start + k * inst.slotMinutes;
        const e = s + inst.slotMinutes;
        if (s < t.start || e > t.end || t.breaks.some((b) => s < b.end && b.start < e)) continue;
        if ((f.arrives !== null && s < f.arrives) || (f.leaves !== null && e > f.leaves)) continue;
        vars.push({
          name: `x${vars.length}`,
          familyIdx: fi,
          meetingId: m.id,
          teacherId: m.teacherId,
          k,
          w: m.priority ? total + 1 : 1,
        });
      }
    }
  });
  const rows: string[] = [];
  const group = <K>(key: (v: (typeof vars)[number]) => K) => {
    const g = new Map<K, typeof vars>();
    for (const v of vars) g.set(key(v), [...(g.get(key(v)) ?? []), v]);
    return g;
  };
  const atMostOne = (list: typeof vars) => {
    if (list.length > 1) rows.push(`${list.map((v) => v.name).join(' + ')} <= 1`);
  };
  for (const list of group((v) => v.meetingId).values()) atMostOne(list);
  for (const list of group((v) => `${v.teacherId}|${v.k}`).values()) atMostOne(list);
  for (const list of group((v) => `${v.familyIdx}|${v.k}`).values()) atMostOne(list);
  // Travel: two meetings of a family at different sites too close together.
  for (const list of group((v) => v.familyIdx).values()) {
    for (const a of list) {
      for (const b of list) {
        if (a.name >= b.name || a.meetingId === b.meetingId || a.k === b.k) continue;
        const sa = teacher.get(a.teacherId)!.siteId;
        const sb = teacher.get(b.teacherId)!.siteId;
        if (sa === sb) continue;
        const gap = (Math.abs(a.k - b.k) - 1) * inst.slotMinutes;
        if (gap < inst.travel(sa, sb)) rows.push(`${a.name} + ${b.name} <= 1`);
      }
    }
  }
  const lp = (objective: string, extraRows: string[], bounds: string[], sense: 'Maximize' | 'Minimize') =>
    [
      sense,
      ` obj: ${objective || '0 x0'}`,
      'Subject To',
      ...[...rows, ...extraRows].map((r, i) => ` c${i}: ${r}`),
      'Bounds',
      ...bounds,
      'Binary',
      ` ${vars.map((v) => v.name).join(' ')}`,
      'End',
    ].join('\n');
  if (vars.length === 0) return { placements: [], score: scoreOf(inst, []), optimal: true, seconds: 0 };
  const options = { time_limit: timeLimitSeconds, mip_rel_gap: 0 };
  const objective = vars.map((v) => `${v.w} ${v.name}`).join(' + ');
  const first = solver.solve(lp(objective, [], [], 'Maximize'), options);
  let optimal = first.Status === 'Optimal';
  if (!Number.isFinite(first.ObjectiveValue)) throw new Error(`HiGHS: ${first.Status}`);
  const best = Math.round(first.ObjectiveValue);
  // Stage 2: keep that value, minimise the spans.
  const spanRows: string[] = [`${objective} >= ${best}`];
  const bounds: string[] = [];
  const spans: string[] = [];
  for (const [fi, list] of group((v) => v.familyIdx)) {
    if (list.length < 2) continue;
    const a = `a${fi}`;
    const b = `b${fi}`;
    bounds.push(` 0 <= ${a} <= ${slots}`, ` 0 <= ${b} <= ${slots}`);
    spans.push(`${b} - ${a}`);
    spanRows.push(`${b} - ${a} >= 0`);
    for (const v of list) {
      spanRows.push(`${a} + ${slots} ${v.name} <= ${v.k + slots}`);
      spanRows.push(`${b} - ${slots} ${v.name} >= ${v.k - slots}`);
    }
  }
  let chosen = first;
  if (spans.length > 0 && o.minimiseWaiting !== false) {
    const second = solver.solve(lp(spans.join(' + ').replace(/\+ -/g, '-'), spanRows, bounds, 'Minimize'), options);
    // Without a solution in time, stage 1's assignment stands (same requests met, waiting not minimised).
    if (Number.isFinite(second.ObjectiveValue)) chosen = second;
    if (second.Status !== 'Optimal') optimal = false;
  }
  const columns = chosen.Columns as Record<string, { Primal: number }>;
  const placements: Placement[] = vars
    .filter((v) => (columns[v.name]?.Primal ?? 0) > 0.5)
    .map((v) => {
      const start = inst.start + v.k * inst.slotMinutes;
      return {
        meetingId: v.meetingId,
        familyId: inst.families[v.familyIdx]!.id,
        teacherId: v.teacherId,
        slot: v.k,
        start,
        end: start + inst.slotMinutes,
      };
    });
  return { placements, score: scoreOf(inst, placements), optimal, seconds: (performance.now() - t0) / 1000 };
}
