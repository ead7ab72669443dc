import { addDays, hhmmOf, minutesOf, weekdayOf } from '../timetable/timetable.calendar.ts';

export interface WeeklyOpening {
  siteId: string;
  siteName: string;
  roomLabel: string | null;
  weekday: number;
  startsAt: string;
  endsAt: string;
  slotMinutes: number;
}

export interface OpenSlot {
  date: string;
  startsAt: string;
  endsAt: string;
  site: { id: string; name: string };
  room: string | null;
}

/**
 * The bookable slots of a staff member between `from` and `to` (dates included): each weekly opening cut into
 * slots of its length (a last slot that would overrun the opening is dropped), on school days only, not on the
 * staff member's exception days, not before `now` (Paris wall clock), and not already taken
 * (`taken` holds 'YYYY-MM-DDTHH:MM'). Two openings giving the same start keep the first.
 */
export function openSlots(o: {
  openings: readonly WeeklyOpening[];
  from: string;
  to: string;
  now: { date: string; time: string };
  isSchoolDay: (date: string) => boolean;
  exceptions: ReadonlySet<string>;
  taken: ReadonlySet<string>;
}): OpenSlot[] {
  const out: OpenSlot[] = [];
  const seen = new Set<string>();
  for (let d = o.from; d <= o.to; d = addDays(d, 1)) {
    if (d < o.now.date || o.exceptions.has(d) || !o.isSchoolDay(d)) continue;
    const wd = weekdayOf(d);
    const day: OpenSlot[] = [];
    for (const op of o.openings) {
      if (op.weekday !== wd) continue;
      const end = minutesOf(op.endsAt);
      for (let m = minutesOf(op.startsAt); m + op.slotMinutes <= end; m += op.slotMinutes) {
        const startsAt = hhmmOf(m);
        const key = `${d}T${startsAt}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (o.taken.has(key)) continue;
        if (d === o.now.date && startsAt <= o.now.time) continue;
        day.push({
          date: d,
          startsAt,
          endsAt: hhmmOf(m + op.slotMinutes),
          site: { id: op.siteId, name: op.siteName },
          room: op.roomLabel,
        });
      }
    }
    out.push(...day.sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
  }
  return out;
}
