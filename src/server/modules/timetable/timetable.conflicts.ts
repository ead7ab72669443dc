/**
 * Conflict detection, pure: a teacher, a room, a class or a group in two places at once, and a teacher's
 * consecutive sessions at two sites too close together. Works on weekly courses (when a course is created
 * or imported) and on dated occurrences (when a session is moved, given a room or a replacement).
 */
import { minutesOf, type Weeks } from './timetable.calendar.ts';

/** Who and what a course or a session occupies. */
export interface Occupancy {
  id: string;
  classId: string | null;
  groupIds: readonly string[];
  teacherIds: readonly string[];
  roomId: string | null;
}

export interface WeeklyCourse extends Occupancy {
  weekday: number;
  startsAt: string;
  endsAt: string;
  weeks: Weeks;
  validFrom: string;
  validTo: string;
}

export interface DatedSession extends Occupancy {
  date: string;
  startsAt: string;
  endsAt: string;
  siteId?: string | null;
}

/** Group membership facts needed to tell whether a class and a group, or two groups, share pupils. */
export interface AudienceIndex {
  /** The classes the group's pupils belong to. */
  classesOfGroup(groupId: string): ReadonlySet<string> | undefined;
  pupilsOfGroup(groupId: string): ReadonlySet<string> | undefined;
}

export const emptyAudience: AudienceIndex = { classesOfGroup: () => undefined, pupilsOfGroup: () => undefined };

/** Builds an AudienceIndex from group memberships and the class of each pupil. */
export function audienceIndexOf(
  groupMembers: ReadonlyArray<{ groupId: string; pupilId: string }>,
  classOfPupil: ReadonlyMap<string, string>,
): AudienceIndex {
  const pupils = new Map<string, Set<string>>();
  const classes = new Map<string, Set<string>>();
  for (const m of groupMembers) {
    const p = pupils.get(m.groupId) ?? new Set<string>();
    pupils.set(m.groupId, p);
    p.add(m.pupilId);
    const c = classOfPupil.get(m.pupilId);
    if (c) {
      const s = classes.get(m.groupId) ?? new Set<string>();
      classes.set(m.groupId, s);
      s.add(c);
    }
  }
  return { classesOfGroup: (g) => classes.get(g), pupilsOfGroup: (g) => pupils.get(g) };
}

export type ClashKind = 'teacher' | 'room' | 'class' | 'group';

export interface Clash {
  kind: ClashKind;
  /** The teacher, room, class or group in two places. */
  resourceId: string;
  /** For a class against a group (or two groups): the group whose pupils are in both. */
  viaGroupId?: string;
}

export interface Conflict {
  otherId: string;
  clashes: Clash[];
}

const intersects = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) return true;
  return false;
};

/** What two occupancies have in common (their times are checked by the caller). */
export function clashesBetween(a: Occupancy, b: Occupancy, audience: AudienceIndex): Clash[] {
  const out: Clash[] = [];
  for (const t of a.teacherIds) if (b.teacherIds.includes(t)) out.push({ kind: 'teacher', resourceId: t });
  if (a.roomId !== null && a.roomId === b.roomId) out.push({ kind: 'room', resourceId: a.roomId });
  if (a.classId !== null && a.classId === b.classId) out.push({ kind: 'class', resourceId: a.classId });
  for (const g of a.groupIds) if (b.groupIds.includes(g)) out.push({ kind: 'group', resourceId: g });
  // A class against a group with pupils of that class, both ways.
  const classVsGroups = (cls: string | null, groups: readonly string[]) => {
    if (cls === null) return;
    for (const g of groups) {
      if (audience.classesOfGroup(g)?.has(cls)) out.push({ kind: 'class', resourceId: cls, viaGroupId: g });
    }
  };
  classVsGroups(a.classId, b.groupIds);
  classVsGroups(b.classId, a.groupIds);
  // Two different groups sharing pupils (e.g. Latin and a LV2 group).
  for (const ga of a.groupIds) {
    for (const gb of b.groupIds) {
      if (ga === gb) continue;
      const pa = audience.pupilsOfGroup(ga);
      const pb = audience.pupilsOfGroup(gb);
      if (pa && pb && intersects(pa, pb)) out.push({ kind: 'group', resourceId: ga, viaGroupId: gb });
    }
  }
  return out;
}

export const timesOverlap = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) =>
  a.startsAt < b.endsAt && b.startsAt < a.endsAt;

export const weeksOverlap = (a: Weeks, b: Weeks) => a === 'all' || b === 'all' || a === b;

/** Whether two weekly courses can ever take place at the same time. */
export function coursesMeet(a: WeeklyCourse, b: WeeklyCourse): boolean {
  return (
    a.weekday === b.weekday &&
    timesOverlap(a, b) &&
    weeksOverlap(a.weeks, b.weeks) &&
    a.validFrom <= b.validTo &&
    b.validFrom <= a.validTo
  );
}

/** The courses `candidate` clashes with (itself excluded by id). */
export function findCourseConflicts(
  candidate: WeeklyCourse,
  others: readonly WeeklyCourse[],
  audience: AudienceIndex,
): Conflict[] {
  const out: Conflict[] = [];
  for (const o of others) {
    if (o.id === candidate.id || !coursesMeet(candidate, o)) continue;
    const clashes = clashesBetween(candidate, o, audience);
    if (clashes.length > 0) out.push({ otherId: o.id, clashes });
  }
  return out;
}

/** Every clashing pair in a set of weekly courses (for imports and the demo timetable). */
export function findAllCourseConflicts(
  courses: readonly WeeklyCourse[],
  audience: AudienceIndex,
): Array<{ aId: string; bId: string; clashes: Clash[] }> {
  const byDay = new Map<number, WeeklyCourse[]>();
  for (const c of courses) {
    const list = byDay.get(c.weekday) ?? [];
    list.push(c);
    byDay.set(c.weekday, list);
  }
  const out: Array<{ aId: string; bId: string; clashes: Clash[] }> = [];
  for (const list of byDay.values()) {
    list.sort((x, y) => x.startsAt.localeCompare(y.startsAt));
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      for (let j = i + 1; j < list.length; j++) {
        const b = list[j]!;
        if (b.startsAt >= a.endsAt) break; // sorted by start: no later course overlaps a
        if (!coursesMeet(a, b)) continue;
        const clashes = clashesBetween(a, b, audience);
        if (clashes.length > 0) out.push({ aId: a.id, bId: b.id, clashes });
      }
    }
  }
  return out;
}

/** The dated sessions `candidate` clashes with. */
export function findSessionConflicts(
  candidate: DatedSession,
  others: readonly DatedSession[],
  audience: AudienceIndex,
): Conflict[] {
  const out: Conflict[] = [];
  for (const o of others) {
    if (o.id === candidate.id || o.date !== candidate.date || !timesOverlap(candidate, o)) continue;
    const clashes = clashesBetween(candidate, o, audience);
    if (clashes.length > 0) out.push({ otherId: o.id, clashes });
  }
  return out;
}

/** When no travel time is set between two sites, this much is assumed (and the flag says it is unknown). */
export const UNKNOWN_TRAVEL_MINUTES = 30;

export interface TravelFlag {
  teacherId: string;
  fromId: string;
  toId: string;
  fromSiteId: string;
  toSiteId: string;
  gapMinutes: number;
  /** null when no travel time is set between the two sites. */
  requiredMinutes: number | null;
}

/**
 * A teacher's consecutive sessions (same day, or same weekday for weekly courses) at two different sites
 * with less time between them than the travel time set for those sites (UNKNOWN_TRAVEL_MINUTES when unset).
 */
export function findTravelFlags(
  items: ReadonlyArray<{
    id: string;
    day: string | number;
    startsAt: string;
    endsAt: string;
    siteId: string | null;
    teacherIds: readonly string[];
  }>,
  travelMinutes: (fromSiteId: string, toSiteId: string) => number | null,
): TravelFlag[] {
  const byTeacherDay = new Map<string, typeof items>();
  for (const it of items) {
    if (it.siteId === null) continue;
    for (const t of it.teacherIds) {
      const k = `${t}|${it.day}`;
      byTeacherDay.set(k, [...(byTeacherDay.get(k) ?? []), it]);
    }
  }
  const out: TravelFlag[] = [];
  for (const [k, list] of byTeacherDay) {
    const teacherId = k.slice(0, k.indexOf('|'));
    const sorted = [...list].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (a.siteId === b.siteId) continue;
      const gap = minutesOf(b.startsAt) - minutesOf(a.endsAt);
      const required = travelMinutes(a.siteId!, b.siteId!);
      if (gap < (required ?? UNKNOWN_TRAVEL_MINUTES)) {
        out.push({
          teacherId,
          fromId: a.id,
          toId: b.id,
          fromSiteId: a.siteId!,
          toSiteId: b.siteId!,
          gapMinutes: gap,
          requiredMinutes: required,
        });
      }
    }
  }
  return out;
}
