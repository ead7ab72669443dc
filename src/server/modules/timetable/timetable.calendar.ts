/**
 * The school calendar, pure: days off (zone holidays, public holidays, per-school edits), week A / week B,
 * and the dates a weekly course runs on. Dates are 'YYYY-MM-DD' calendar dates of Europe/Paris; times
 * 'HH:MM' wall-clock times. No I/O here: the repo loads rows, these functions decide.
 */

export type Weeks = 'all' | 'A' | 'B';
export const WEEKS = ['all', 'A', 'B'] as const;

export interface DateRange {
  startsOn: string;
  endsOn: string;
  label: string;
}

/** A per-school edit: isDayOff true adds days off, false makes default days off school days. */
export interface CalendarEntry extends DateRange {
  isDayOff: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Date arithmetic on 'YYYY-MM-DD' (UTC noon-free: only whole days, no time zone involved)

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (d: string, n: number): string => fromMs(toMs(d) + n * DAY_MS);
export const daysBetween = (a: string, b: string): number => Math.round((toMs(b) - toMs(a)) / DAY_MS);
/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const weekdayOf = (d: string): number => {
  const w = new Date(toMs(d)).getUTCDay();
  return w === 0 ? 7 : w;
};
export const mondayOf = (d: string): string => addDays(d, 1 - weekdayOf(d));
/** Every date from `from` to `to`, both included. */
export function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// ---------------------------------------------------------------------------------------------------------
// Default calendars, shipped as data. Holidays run from the Saturday classes end to the Sunday before they
// resume (the official "samedi ... au lundi ..." reading). Schools edit on top (school_calendar_entries).

/** Zone vacations by school year; Créteil, Paris, Versailles, Montpellier, Toulouse are zone C. */
export const ZONE_VACATIONS: Record<string, readonly DateRange[]> = {
  C: [
    { startsOn: '2025-07-05', endsOn: '2025-08-31', label: "Vacances d'été" },
    { startsOn: '2025-10-18', endsOn: '2025-11-02', label: 'Vacances de la Toussaint' },
    { startsOn: '2025-12-20', endsOn: '2026-01-04', label: 'Vacances de Noël' },
    { startsOn: '2026-02-21', endsOn: '2026-03-08', label: "Vacances d'hiver" },
    { startsOn: '2026-04-18', endsOn: '2026-05-03', label: 'Vacances de printemps' },
    { startsOn: '2026-05-14', endsOn: '2026-05-17', label: "Pont de l'Ascension" },
    { startsOn: '2026-07-04', endsOn: '2026-08-31', label: "Vacances d'été" },
    { startsOn: '2026-10-17', endsOn: '2026-11-01', label: 'Vacances de la Toussaint' },
    { startsOn: '2026-12-19', endsOn: '2027-01-03', label: 'Vacances de Noël' },
    { startsOn: '2027-02-06', endsOn: '2027-02-21', label: "Vacances d'hiver" },
    { startsOn: '2027-04-03', endsOn: '2027-04-18', label: 'Vacances de printemps' },
    // The Friday after Ascension has been off nationally every year since 2019; check the arrêté when published.
    { startsOn: '2027-05-06', endsOn: '2027-05-09', label: "Pont de l'Ascension" },
    { startsOn: '2027-07-03', endsOn: '2027-08-31', label: "Vacances d'été" },
  ],
};

/** Easter Sunday (Gregorian, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The eleven French public holidays of metropolitan France in `year`. */
export function publicHolidays(year: number): Array<{ date: string; label: string }> {
  const easter = easterSunday(year);
  return [
    { date: `${year}-01-01`, label: "Jour de l'an" },
    { date: addDays(easter, 1), label: 'Lundi de Pâques' },
    { date: `${year}-05-01`, label: 'Fête du Travail' },
    { date: `${year}-05-08`, label: 'Victoire 1945' },
    { date: addDays(easter, 39), label: 'Ascension' },
    { date: addDays(easter, 50), label: 'Lundi de Pentecôte' },
    { date: `${year}-07-14`, label: 'Fête nationale' },
    { date: `${year}-08-15`, label: 'Assomption' },
    { date: `${year}-11-01`, label: 'Toussaint' },
    { date: `${year}-11-11`, label: 'Armistice 1918' },
    { date: `${year}-12-25`, label: 'Noël' },
  ].sort((x, y) => x.date.localeCompare(y.date));
}

/** The default days off of a zone between two dates: vacations and public holidays. */
export function defaultDaysOff(zone: string, from: string, to: string): DateRange[] {
  const out: DateRange[] = (ZONE_VACATIONS[zone.toUpperCase()] ?? []).filter(
    (v) => v.endsOn >= from && v.startsOn <= to,
  );
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const h of publicHolidays(y)) {
      if (h.date >= from && h.date <= to) out.push({ startsOn: h.date, endsOn: h.date, label: h.label });
    }
  }
  return out.sort((a, b) => a.startsOn.localeCompare(b.startsOn));
}

// ---------------------------------------------------------------------------------------------------------

export interface CourseRecurrence {
  weekday: number;
  weeks: Weeks;
  validFrom: string;
  validTo: string;
}

/**
 * One school year's calendar. Week A / week B: the first week (Monday to Sunday) with a school day is A,
 * then weeks alternate; a week without any school day from Monday to Friday (holidays) does not count.
 */
export class SchoolCalendar {
  readonly yearStart: string;
  readonly yearEnd: string;
  private readonly offLabel = new Map<string, string>();
  private readonly weekLabels = new Map<string, 'A' | 'B'>();

  constructor(o: { yearStart: string; yearEnd: string; zone: string; entries?: readonly CalendarEntry[] }) {
    this.yearStart = o.yearStart;
    this.yearEnd = o.yearEnd;
    // Public holidays first, then holidays: a holiday inside a vacation takes the vacation's name.
    const defaults = defaultDaysOff(o.zone, o.yearStart, o.yearEnd);
    for (const r of defaults) if (r.startsOn === r.endsOn) this.mark(r, true);
    for (const r of defaults) if (r.startsOn !== r.endsOn) this.mark(r, true);
    const entries = o.entries ?? [];
    for (const e of entries) if (!e.isDayOff) this.mark(e, false);
    for (const e of entries) if (e.isDayOff) this.mark(e, true);
    let n = 0;
    for (let monday = mondayOf(o.yearStart); monday <= o.yearEnd; monday = addDays(monday, 7)) {
      const hasSchoolDay = [0, 1, 2, 3, 4].some((i) => this.isSchoolDay(addDays(monday, i)));
      if (hasSchoolDay) this.weekLabels.set(monday, n++ % 2 === 0 ? 'A' : 'B');
    }
  }

  private mark(r: DateRange, off: boolean) {
    const from = [r.startsOn, this.yearStart].sort()[1]!;
    const to = [r.endsOn, this.yearEnd].sort()[0]!;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (off) this.offLabel.set(d, r.label);
      else this.offLabel.delete(d);
    }
  }

  /** The reason `date` is off (holiday name), or null on a working day. Outside the year: 'Hors année scolaire'. */
  dayOffLabel(date: string): string | null {
    if (date < this.yearStart || date > this.yearEnd) return 'Hors année scolaire';
    return this.offLabel.get(date) ?? null;
  }

  /** Inside the school year and not a day off (weekends are not days off here: courses say their weekday). */
  isSchoolDay(date: string): boolean {
    return this.dayOffLabel(date) === null;
  }

  /** 'A' or 'B' for a counted week, null for a holiday week or outside the year. */
  weekLabel(date: string): 'A' | 'B' | null {
    return this.weekLabels.get(mondayOf(date)) ?? null;
  }

  /** Whether a weekly course takes place on `date`. */
  runsOn(c: CourseRecurrence, date: string): boolean {
    if (weekdayOf(date) !== c.weekday) return false;
    if (date < c.validFrom || date > c.validTo) return false;
    if (!this.isSchoolDay(date)) return false;
    if (c.weeks === 'all') return true;
    return this.weekLabel(date) === c.weeks;
  }

  /** The dates a weekly course takes place on between `from` and `to` (included). */
  datesOf(c: CourseRecurrence, from: string, to: string): string[] {
    const out: string[] = [];
    const first = addDays(from, (c.weekday - weekdayOf(from) + 7) % 7);
    for (let d = first; d <= to; d = addDays(d, 7)) if (this.runsOn(c, d)) out.push(d);
    return out;
  }

  /** The days off between two dates, merged into ranges with their label. */
  daysOffBetween(from: string, to: string): DateRange[] {
    const out: DateRange[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const label = this.dayOffLabel(d);
      if (label === null) continue;
      const last = out[out.length - 1];
      if (last && last.label === label && addDays(last.endsOn, 1) === d) last.endsOn = d;
      else out.push({ startsOn: d, endsOn: d, label });
    }
    return out;
  }
}
