import { addDays, hhmmOf, minutesOf, weekdayOf } from '../timetable/timetable.calendar.ts';
import type { Session } from '../timetable/timetable.sessions.ts';

export interface WeeklyOpening {
  siteId: string;
  siteName: string;
  roomId?: string | null;
  roomLabel: string | null;
  weekday: number;
  startsAt: string;
  endsAt: string;
  slotMinutes: number;
}

/** A dated time range of the staff member's courses: busy (the course runs) or freed (it no longer does). */
export interface CourseTime {
  date: string;
  startsAt: string;
  endsAt: string;
  site: { id: string; name: string } | null;
  room: { id: string; label: string } | null;
}

export interface OpenSlot {
  date: string;
  startsAt: string;
  endsAt: string;
  site: { id: string; name: string };
  roomId: string | null;
  room: string | null;
  /** Offered because a course of the staff member does not take place (not one of their weekly openings). */
  freed: boolean;
}

/**
 * What the staff member's sessions do to their openings. A session they teach that runs is busy at its time
 * (after a move, its new time). A session they were planned to teach is freed at its planned time when it is
 * cancelled, moved elsewhere, or given to another teacher. A cancellation undone (the change row removed, an
 * extra session no longer cancelled) simply makes the session run again: busy.
 */
export function courseTimesOf(
  sessions: readonly Session[],
  staffId: string,
): { busy: CourseTime[]; freed: CourseTime[] } {
  const busy: CourseTime[] = [];
  const freed: CourseTime[] = [];
  for (const s of sessions) {
    const place = {
      site: s.site,
      room: s.room ? { id: s.room.id, label: s.room.label } : null,
    };
    const runsWithMe = !s.cancelled && s.teachers.some((t) => t.id === staffId);
    if (runsWithMe) busy.push({ date: s.date, startsAt: s.startsAt, endsAt: s.endsAt, ...place });
    const planned = s.original ?? s;
    if (!planned.teachers.some((t) => t.id === staffId)) continue;
    const samePlace = planned.date === s.date && planned.startsAt === s.startsAt && planned.endsAt === s.endsAt;
    if (runsWithMe && samePlace) continue;
    const plannedRoom = s.original ? s.original.room : s.room;
    freed.push({
      date: planned.date,
      startsAt: planned.startsAt,
      endsAt: planned.endsAt,
      site: s.site,
      room: plannedRoom ? { id: plannedRoom.id, label: plannedRoom.label } : null,
    });
  }
  return { busy, freed };
}

/** The length the staff member usually gives an appointment: their openings' most frequent (ties: the shortest). */
export function usualSlotMinutes(openings: readonly WeeklyOpening[]): number | null {
  const counts = new Map<number, number>();
  for (const o of openings) counts.set(o.slotMinutes, (counts.get(o.slotMinutes) ?? 0) + 1);
  let best: number | null = null;
  for (const [m, n] of counts) {
    if (best === null || n > (counts.get(best) ?? 0) || (n === counts.get(best) && m < best)) best = m;
  }
  return best;
}

const overlaps = (a: { s: number; e: number }, b: { s: number; e: number }) => a.s < b.e && b.s < a.e;
const rangeOf = (r: { startsAt: string; endsAt: string }) => ({ s: minutesOf(r.startsAt), e: minutesOf(r.endsAt) });

/**
 * The bookable slots of a staff member between `from` and `to` (dates included): each weekly opening cut into
 * slots of its length (a last slot that would overrun the opening is dropped), on school days only, not on the
 * staff member's exception days, not before `now` (Paris wall clock), not overlapping a course that runs
 * (`busy`), and not already taken (`taken` holds 'YYYY-MM-DDTHH:MM'). Two openings giving the same start keep the
 * first. `freed` course times (when the staff member offers them) are cut into slots of `freedMinutes` at the
 * course's site and room, where no opening slot and no running course already is.
 */
export function openSlots(o: {
  openings: readonly WeeklyOpening[];
  from: string;
  to: string;
  now: { date: string; time: string };
  isSchoolDay: (date: string) => boolean;
  exceptions: ReadonlySet<string>;
  taken: ReadonlySet<string>;
  busy?: readonly CourseTime[];
  freed?: readonly CourseTime[];
  freedMinutes?: number | null;
  /** Where a freed slot takes place when its course has no site. */
  fallbackSite?: { id: string; name: string } | null;
}): OpenSlot[] {
  const out: OpenSlot[] = [];
  const seen = new Set<string>();
  for (let d = o.from; d <= o.to; d = addDays(d, 1)) {
    if (d < o.now.date || o.exceptions.has(d) || !o.isSchoolDay(d)) continue;
    const wd = weekdayOf(d);
    const busy = (o.busy ?? []).filter((b) => b.date === d).map(rangeOf);
    const isBusy = (r: { s: number; e: number }) => busy.some((b) => overlaps(b, r));
    const day: OpenSlot[] = [];
    const offered: Array<{ s: number; e: number }> = [];
    const keep = (slot: OpenSlot) => {
      const key = `${d}T${slot.startsAt}`;
      if (o.taken.has(key)) return;
      if (d === o.now.date && slot.startsAt <= o.now.time) return;
      day.push(slot);
    };
    for (const op of o.openings) {
      if (op.weekday !== wd) continue;
      const end = minutesOf(op.endsAt);
      for (let m = minutesOf(op.startsAt); m + op.slotMinutes <= end; m += op.slotMinutes) {
        const r = { s: m, e: m + op.slotMinutes };
        const startsAt = hhmmOf(m);
        const key = `${d}T${startsAt}`;
        if (seen.has(key) || isBusy(r)) continue;
        seen.add(key);
        offered.push(r);
        keep({
          date: d,
          startsAt,
          endsAt: hhmmOf(r.e),
          site: { id: op.siteId, name: op.siteName },
          roomId: op.roomId ?? null,
          room: op.roomLabel,
          freed: false,
        });
      }
    }
    const len = o.freedMinutes ?? 0;
    for (const f of len > 0 ? (o.freed ?? []) : []) {
      if (f.date !== d) continue;
      const site = f.site ?? o.fallbackSite;
      if (!site) continue;
      const end = minutesOf(f.endsAt);
      for (let m = minutesOf(f.startsAt); m + len <= end; m += len) {
        const r = { s: m, e: m + len };
        const startsAt = hhmmOf(m);
        const key = `${d}T${startsAt}`;
        if (seen.has(key) || isBusy(r) || offered.some((x) => overlaps(x, r))) continue;
        seen.add(key);
        offered.push(r);
        keep({
          date: d,
          startsAt,
          endsAt: hhmmOf(r.e),
          site: { id: site.id, name: site.name },
          roomId: f.room?.id ?? null,
          room: f.room?.label ?? null,
          freed: true,
        });
      }
    }
    out.push(...day.sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
  }
  return out;
}
