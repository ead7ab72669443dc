/**
 * Half-days of absence (demi-journées), the unit of the legal follow-up of attendance.
 *
 * - A session belongs to the half-day in which it starts: morning ('am') before 12:00, afternoon ('pm') from 12:00.
 * - An absence recorded in a roll call covers the one half-day of its session.
 * - An absence entered by vie scolaire covers every half-day from (date_from, half_from) to (date_to, half_to),
 *   both included, that is a school half-day: a school day of the calendar, Monday to Friday, and not Wednesday
 *   afternoon (no lessons in collège).
 * - An absence is unjustified unless its justification was accepted with a reason the school deems valid.
 * - A half-day counts once, however many absences cover it ("an absence covering any session of a morning counts
 *   as one half-day"). Lateness and early departures never count.
 * - A pupil is "à signaler" for a calendar month with REPORT_THRESHOLD (4) or more unjustified half-days in it.
 */
import type { HalfDay, JustificationStatus } from '../../db/types.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';

export const NOON = '12:00';
export const REPORT_THRESHOLD = 4;

export const halfOf = (hhmm: string): HalfDay => (hhmm < NOON ? 'am' : 'pm');

export interface HalfDayEvent {
  kind: 'absence' | 'lateness' | 'early_departure';
  /** true for an absence recorded in a session's roll call. */
  fromSession: boolean;
  dateFrom: string;
  halfFrom: HalfDay;
  dateTo: string;
  halfTo: HalfDay;
  justificationStatus: JustificationStatus;
  /** The reason's is_valid; null without a reason. */
  reasonValid: boolean | null;
}

/** Monday to Friday, no Wednesday afternoon, and a school day of the calendar. */
export function isSchoolHalfDay(date: string, half: HalfDay, isSchoolDay: (d: string) => boolean): boolean {
  const wd = weekdayOf(date);
  if (wd > 5) return false;
  if (wd === 3 && half === 'pm') return false;
  return isSchoolDay(date);
}

export const isUnjustifiedAbsence = (e: HalfDayEvent): boolean =>
  e.kind === 'absence' && !(e.justificationStatus === 'accepted' && e.reasonValid === true);

/** The half-days an absence covers, as 'YYYY-MM-DD:am' keys, in order. */
export function halfDaysOf(e: HalfDayEvent, isSchoolDay: (d: string) => boolean): string[] {
  if (e.kind !== 'absence') return [];
  if (e.fromSession) return [`${e.dateFrom}:${e.halfFrom}`];
  const out: string[] = [];
  for (let d = e.dateFrom; d <= e.dateTo; d = addDays(d, 1)) {
    for (const half of ['am', 'pm'] as const) {
      if (d === e.dateFrom && e.halfFrom === 'pm' && half === 'am') continue;
      if (d === e.dateTo && e.halfTo === 'am' && half === 'pm') continue;
      if (isSchoolHalfDay(d, half, isSchoolDay)) out.push(`${d}:${half}`);
    }
  }
  return out;
}

/** Unjustified half-days per month ('YYYY-MM' → sorted half-day keys) of one pupil's events. */
export function unjustifiedHalfDaysByMonth(
  events: readonly HalfDayEvent[],
  isSchoolDay: (d: string) => boolean,
): Map<string, string[]> {
  const all = new Set<string>();
  for (const e of events) if (isUnjustifiedAbsence(e)) for (const k of halfDaysOf(e, isSchoolDay)) all.add(k);
  const out = new Map<string, string[]>();
  for (const k of [...all].sort()) {
    const month = k.slice(0, 7);
    const list = out.get(month) ?? [];
    list.push(k);
    out.set(month, list);
  }
  return out;
}

/** The months in which a pupil reaches the threshold, with their half-days. */
export function monthsToReport(byMonth: Map<string, string[]>, threshold = REPORT_THRESHOLD) {
  return [...byMonth].filter(([, list]) => list.length >= threshold).map(([month, halfDays]) => ({ month, halfDays }));
}

// -------------------------------------------------------------------------------------- Paris time

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/Paris wall-clock date and time of an instant. */
export function parisWallClock(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(parisParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The instant of a Europe/Paris wall-clock date and time ('HH:MM'). */
export function parisInstant(date: string, hhmm: string): Date {
  const guess = Date.parse(`${date}T${hhmm}:00Z`);
  // The offset of Paris at that moment (+1 h or +2 h); twice so that the DST edges land right.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const w = parisWallClock(new Date(t));
    const shown = Date.parse(`${w.date}T${w.time}:00Z`);
    t = guess - (shown - t);
  }
  return new Date(t);
}
