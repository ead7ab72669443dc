/**
 * The parent–teacher evening scheduler, pure (docs/evenings.md).
 *
 * Time is cut into slots of the evening's slot length. A meeting is one family (a guardian) with one teacher; a
 * family may see several teachers, for children in different classes and on different sites. Hard rules: a
 * teacher sees one family per slot, outside their breaks and their hours; a family is in one meeting at a time,
 * within its arrival and latest times, with the travel time between two sites between two meetings.
 *
 * Objective, in this order: priority requests met, requests met, then the families' waiting (time between their
 * first meeting's start and last meeting's end not spent in a meeting).
 *
 * Algorithm: greedy by most-constrained family, then local improvement.
 *  1. Families are ordered by how constrained they are (requests per slot of their window, weighted by the demand
 *     on their teachers); priority requests of every family are placed first, then the others. Each request goes
 *     to the feasible slot that adds least to the family's waiting (ties: the earliest).
 *  2. Repair: an unmet request is placed by moving one meeting out of the way (another family's meeting with the
 *     same teacher, or one of the family's own meetings) to another feasible slot — a one-step ejection chain.
 *  3. Compaction: each family's meetings are moved to free slots that shorten its waiting, until nothing improves.
 * Complexity: O(M · S · m) for the greedy (M meetings, S slots, m meetings per family), the same per pass of the
 * local steps; 4,000 meetings over 20 slots take well under a second (bench/evenings.ts).
 */

export interface SchedTeacher {
  id: string;
  siteId: string;
  /** Minutes since midnight. */
  start: number;
  end: number;
  breaks: ReadonlyArray<{ start: number; end: number }>;
}

export interface SchedMeeting {
  id: string;
  teacherId: string;
  priority: boolean;
}

export interface SchedFamily {
  id: string;
  /** Minutes since midnight; null: from the evening's start / until its end. */
  arrives: number | null;
  leaves: number | null;
  meetings: readonly SchedMeeting[];
}

export interface SchedInstance {
  /** The evening: minutes since midnight. */
  start: number;
  end: number;
  slotMinutes: number;
  teachers: readonly SchedTeacher[];
  families: readonly SchedFamily[];
  /** Minutes to go from one site to another (0 for the same site). */
  travel(fromSiteId: string, toSiteId: string): number;
}

export interface Placement {
  meetingId: string;
  familyId: string;
  teacherId: string;
  slot: number;
  start: number;
  end: number;
}

export interface Score {
  priorityRequested: number;
  priorityMet: number;
  requested: number;
  met: number;
  /** Sum over families of their idle minutes between their first and last meeting. */
  waitingMinutes: number;
}

export interface Schedule {
  placements: Placement[];
  score: Score;
}

// ---------------------------------------------------------------------------------------------- model

interface Model {
  inst: SchedInstance;
  slots: number;
  teacher: Map<string, SchedTeacher>;
  /** Per teacher, slots they can take a meeting in. */
  teacherFree: Map<string, boolean[]>;
  familyOfMeeting: Map<string, SchedFamily>;
  meeting: Map<string, SchedMeeting>;
}

const slotStart = (inst: SchedInstance, k: number) => inst.start + k * inst.slotMinutes;

function buildModel(inst: SchedInstance): Model {
  const slots = Math.max(0, Math.floor((inst.end - inst.start) / inst.slotMinutes));
  const teacher = new Map(inst.teachers.map((t) => [t.id, t]));
  const teacherFree = new Map<string, boolean[]>();
  for (const t of inst.teachers) {
    const free: boolean[] = [];
    for (let k = 0; k < slots; k++) {
      const s = slotStart(inst, k);
      const e = s + inst.slotMinutes;
      free.push(s >= t.start && e <= t.end && !t.breaks.some((b) => s < b.end && b.start < e));
    }
    teacherFree.set(t.id, free);
  }
  const familyOfMeeting = new Map<string, SchedFamily>();
  const meeting = new Map<string, SchedMeeting>();
  for (const f of inst.families) {
    for (const m of f.meetings) {
      familyOfMeeting.set(m.id, f);
      meeting.set(m.id, m);
    }
  }
  return { inst, slots, teacher, teacherFree, familyOfMeeting, meeting };
}

/** Whether slot k is inside the family's window. */
function inWindow(model: Model, f: SchedFamily, k: number) {
  const s = slotStart(model.inst, k);
  return (f.arrives === null || s >= f.arrives) && (f.leaves === null || s + model.inst.slotMinutes <= f.leaves);
}

/** Two meetings of one family, at (siteA, ka) and (siteB, kb), can both take place. */
function compatible(model: Model, siteA: string, ka: number, siteB: string, kb: number) {
  if (ka === kb) return false;
  const [first, fSite, second, sSite] = ka < kb ? [ka, siteA, kb, siteB] : [kb, siteB, ka, siteA];
  const gap = (second - first - 1) * model.inst.slotMinutes;
  return fSite === sSite || gap >= model.inst.travel(fSite, sSite);
}

class State {
  /** teacherId → slot → meetingId */
  readonly teacherAt = new Map<string, Array<string | null>>();
  /** meetingId → slot */
  readonly slotOf = new Map<string, number>();
  /** familyId → its placed meetings */
  readonly familyPlaced = new Map<string, Set<string>>();

  /** Every place/remove, so that a failed ejection chain is undone. */
  private readonly log: Array<{ op: 'place' | 'remove'; m: SchedMeeting; k: number }> = [];

  constructor(readonly model: Model) {
    for (const t of model.inst.teachers) this.teacherAt.set(t.id, new Array(model.slots).fill(null));
    for (const f of model.inst.families) this.familyPlaced.set(f.id, new Set());
  }

  siteOf(meetingId: string) {
    return this.model.teacher.get(this.model.meeting.get(meetingId)!.teacherId)!.siteId;
  }

  /** Whether meeting m can go to slot k, ignoring the meetings in `ignore` (being moved). */
  canPlace(m: SchedMeeting, k: number, ignore: ReadonlySet<string> = new Set()) {
    const f = this.model.familyOfMeeting.get(m.id)!;
    const free = this.model.teacherFree.get(m.teacherId);
    if (!free?.[k] || !inWindow(this.model, f, k)) return false;
    const holder = this.teacherAt.get(m.teacherId)![k];
    if (holder !== null && holder !== undefined && holder !== m.id && !ignore.has(holder)) return false;
    const site = this.model.teacher.get(m.teacherId)!.siteId;
    for (const other of this.familyPlaced.get(f.id)!) {
      if (other === m.id || ignore.has(other)) continue;
      if (!compatible(this.model, site, k, this.siteOf(other), this.slotOf.get(other)!)) return false;
    }
    return true;
  }

  mark() {
    return this.log.length;
  }

  undo(mark: number) {
    while (this.log.length > mark) {
      const e = this.log.pop()!;
      if (e.op === 'place') this.remove(e.m, false);
      else this.place(e.m, e.k, false);
    }
  }

  place(m: SchedMeeting, k: number, logged = true) {
    if (logged) this.log.push({ op: 'place', m, k });
    this.teacherAt.get(m.teacherId)![k] = m.id;
    this.slotOf.set(m.id, k);
    this.familyPlaced.get(this.model.familyOfMeeting.get(m.id)!.id)!.add(m.id);
  }

  remove(m: SchedMeeting, logged = true) {
    const k = this.slotOf.get(m.id);
    if (k === undefined) return;
    if (logged) this.log.push({ op: 'remove', m, k });
    this.teacherAt.get(m.teacherId)![k] = null;
    this.slotOf.delete(m.id);
    this.familyPlaced.get(this.model.familyOfMeeting.get(m.id)!.id)!.delete(m.id);
  }

  /**
   * What stands in the way of meeting m at slot k: the teacher's meeting there and the family's meetings it cannot
   * fit with; null when k is out of the teacher's hours or the family's window.
   */
  blockersAt(m: SchedMeeting, k: number): string[] | null {
    const f = this.model.familyOfMeeting.get(m.id)!;
    if (!this.model.teacherFree.get(m.teacherId)?.[k] || !inWindow(this.model, f, k)) return null;
    const out: string[] = [];
    const holder = this.teacherAt.get(m.teacherId)![k];
    if (holder && holder !== m.id) out.push(holder);
    const site = this.model.teacher.get(m.teacherId)!.siteId;
    for (const other of this.familyPlaced.get(f.id)!) {
      if (other === m.id || other === holder) continue;
      if (!compatible(this.model, site, k, this.siteOf(other), this.slotOf.get(other)!)) out.push(other);
    }
    return out;
  }

  /** The family's idle minutes if its meetings were at these slots. */
  waitingOf(slots: readonly number[]) {
    if (slots.length < 2) return 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const k of slots) {
      if (k < min) min = k;
      if (k > max) max = k;
    }
    return (max - min + 1 - slots.length) * this.model.inst.slotMinutes;
  }

  familySlots(familyId: string, except?: string) {
    const out: number[] = [];
    for (const id of this.familyPlaced.get(familyId)!) if (id !== except) out.push(this.slotOf.get(id)!);
    return out;
  }

  /** The feasible slot adding least waiting for the family (ties: the earliest), or null. */
  bestSlot(m: SchedMeeting, ignore: ReadonlySet<string> = new Set()) {
    const f = this.model.familyOfMeeting.get(m.id)!;
    const others: number[] = [];
    for (const id of this.familyPlaced.get(f.id)!)
      if (id !== m.id && !ignore.has(id)) others.push(this.slotOf.get(id)!);
    let best: number | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let k = 0; k < this.model.slots; k++) {
      if (!this.canPlace(m, k, ignore)) continue;
      const cost = this.waitingOf([...others, k]);
      if (cost < bestCost) {
        best = k;
        bestCost = cost;
      }
    }
    return best;
  }
}

// -------------------------------------------------------------------------------------------- scoring

/** Checks every hard rule of a set of placements; returns the violations (empty when valid). */
export function checkSchedule(inst: SchedInstance, placements: readonly Placement[]): string[] {
  const model = buildModel(inst);
  const out: string[] = [];
  const seen = new Set<string>();
  const byTeacherSlot = new Set<string>();
  const byFamily = new Map<string, Placement[]>();
  for (const p of placements) {
    const m = model.meeting.get(p.meetingId);
    const f = model.familyOfMeeting.get(p.meetingId);
    if (!m || !f || f.id !== p.familyId || m.teacherId !== p.teacherId) {
      out.push(`unknown meeting ${p.meetingId}`);
      continue;
    }
    if (seen.has(p.meetingId)) out.push(`meeting ${p.meetingId} twice`);
    seen.add(p.meetingId);
    if (p.start !== slotStart(inst, p.slot) || p.end !== p.start + inst.slotMinutes)
      out.push(`bad times ${p.meetingId}`);
    if (!model.teacherFree.get(p.teacherId)?.[p.slot]) out.push(`teacher ${p.teacherId} unavailable at ${p.slot}`);
    const key = `${p.teacherId}|${p.slot}`;
    if (byTeacherSlot.has(key)) out.push(`teacher ${p.teacherId} twice at ${p.slot}`);
    byTeacherSlot.add(key);
    if (!inWindow(model, f, p.slot)) out.push(`family ${f.id} outside its window at ${p.slot}`);
    byFamily.set(f.id, [...(byFamily.get(f.id) ?? []), p]);
  }
  for (const [fid, list] of byFamily) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const sa = model.teacher.get(a.teacherId)!.siteId;
        const sb = model.teacher.get(b.teacherId)!.siteId;
        if (!compatible(model, sa, a.slot, sb, b.slot)) out.push(`family ${fid}: ${a.meetingId} and ${b.meetingId}`);
      }
    }
  }
  return out;
}

export function scoreOf(inst: SchedInstance, placements: readonly Placement[]): Score {
  const placed = new Set(placements.map((p) => p.meetingId));
  let priorityRequested = 0;
  let priorityMet = 0;
  let requested = 0;
  let met = 0;
  let waitingMinutes = 0;
  const slotsOf = new Map<string, number[]>();
  for (const p of placements) slotsOf.set(p.familyId, [...(slotsOf.get(p.familyId) ?? []), p.slot]);
  for (const f of inst.families) {
    for (const m of f.meetings) {
      requested++;
      if (placed.has(m.id)) met++;
      if (m.priority) {
        priorityRequested++;
        if (placed.has(m.id)) priorityMet++;
      }
    }
    const s = slotsOf.get(f.id) ?? [];
    if (s.length > 1) waitingMinutes += (Math.max(...s) - Math.min(...s) + 1 - s.length) * inst.slotMinutes;
  }
  return { priorityRequested, priorityMet, requested, met, waitingMinutes };
}

/** Lexicographic comparison: positive when `a` is better. */
export const compareScores = (a: Score, b: Score) =>
  a.priorityMet - b.priorityMet || a.met - b.met || b.waitingMinutes - a.waitingMinutes;

// ------------------------------------------------------------------------------------------ the solver

export function schedule(inst: SchedInstance, o: { improvePasses?: number } = {}): Schedule {
  const model = buildModel(inst);
  const state = new State(model);

  // Demand on each teacher relative to the slots they can give.
  const demand = new Map<string, number>();
  for (const f of inst.families)
    for (const m of f.meetings) demand.set(m.teacherId, (demand.get(m.teacherId) ?? 0) + 1);
  const scarcity = (teacherId: string) =>
    (demand.get(teacherId) ?? 0) / Math.max(1, model.teacherFree.get(teacherId)?.filter(Boolean).length ?? 0);
  const windowSlots = (f: SchedFamily) => {
    let n = 0;
    for (let k = 0; k < model.slots; k++) if (inWindow(model, f, k)) n++;
    return Math.max(1, n);
  };
  const constraint = new Map(
    inst.families.map((f) => [
      f.id,
      f.meetings.length / windowSlots(f) + f.meetings.reduce((s, m) => s + scarcity(m.teacherId), 0),
    ]),
  );
  const families = [...inst.families].sort(
    (a, b) => constraint.get(b.id)! - constraint.get(a.id)! || a.id.localeCompare(b.id),
  );

  const byScarcity = (list: readonly SchedMeeting[]) =>
    [...list].sort((a, b) => scarcity(b.teacherId) - scarcity(a.teacherId) || a.id.localeCompare(b.id));

  // 1. Greedy, then 2. repair: priority requests of all families first, then the others; 3. compaction.
  const passes = o.improvePasses ?? 3;
  for (const priority of [true, false]) {
    for (const f of families) {
      for (const m of byScarcity(f.meetings.filter((x) => x.priority === priority))) {
        const k = state.bestSlot(m);
        if (k !== null) state.place(m, k);
      }
    }
    for (let pass = 0; pass < passes; pass++) {
      let changed = false;
      for (const f of families) {
        for (const m of f.meetings) {
          if (m.priority !== priority || state.slotOf.has(m.id)) continue;
          if (repair(state, m)) changed = true;
        }
      }
      if (!changed) break;
    }
  }
  for (let pass = 0; pass < passes; pass++) if (!compact(state, families)) break;

  const placements: Placement[] = [];
  for (const f of inst.families) {
    for (const m of f.meetings) {
      const k = state.slotOf.get(m.id);
      if (k === undefined) continue;
      const start = slotStart(inst, k);
      placements.push({
        meetingId: m.id,
        familyId: f.id,
        teacherId: m.teacherId,
        slot: k,
        start,
        end: start + inst.slotMinutes,
      });
    }
  }
  placements.sort((a, b) => a.start - b.start || a.teacherId.localeCompare(b.teacherId));
  return { placements, score: scoreOf(inst, placements) };
}

/**
 * Places `m`, moving what stands in the way (at most two meetings per step) to other slots, recursively up to
 * `depth` steps: an ejection chain. Every moved meeting is placed again, or the whole chain is undone.
 */
function insert(state: State, m: SchedMeeting, depth: number, moving: Set<string>): boolean {
  const direct = state.bestSlot(m);
  if (direct !== null) {
    state.place(m, direct);
    return true;
  }
  if (depth === 0) return false;
  for (let k = 0; k < state.model.slots; k++) {
    const blockers = state.blockersAt(m, k);
    if (!blockers || blockers.length === 0 || blockers.length > 2 || blockers.some((b) => moving.has(b))) continue;
    const mark = state.mark();
    for (const b of blockers) state.remove(state.model.meeting.get(b)!);
    state.place(m, k);
    moving.add(m.id);
    let ok = true;
    for (const b of blockers) {
      if (!insert(state, state.model.meeting.get(b)!, depth - 1, moving)) {
        ok = false;
        break;
      }
    }
    moving.delete(m.id);
    if (ok) return true;
    state.undo(mark);
  }
  return false;
}

function repair(state: State, m: SchedMeeting): boolean {
  return insert(state, m, m.priority ? 3 : 2, new Set());
}

/** Moves meetings to free slots that shorten their family's waiting. */
function compact(state: State, families: readonly SchedFamily[]): boolean {
  let changed = false;
  for (const f of families) {
    if (state.familyPlaced.get(f.id)!.size < 2) continue;
    let improved = true;
    while (improved) {
      improved = false;
      for (const id of [...state.familyPlaced.get(f.id)!]) {
        const m = state.model.meeting.get(id)!;
        const before = state.waitingOf(state.familySlots(f.id));
        if (before === 0) break;
        const from = state.slotOf.get(id)!;
        state.remove(m);
        const to = state.bestSlot(m);
        const after = to === null ? Number.POSITIVE_INFINITY : state.waitingOf([...state.familySlots(f.id), to]);
        if (to !== null && after < before) {
          state.place(m, to);
          improved = true;
          changed = true;
        } else {
          state.place(m, from);
        }
      }
    }
  }
  return changed;
}
