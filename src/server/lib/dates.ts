import { z } from 'zod';

const parisDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in the school's time zone, as 'YYYY-MM-DD'. */
export const todayInParis = (now: Date = new Date()): string => parisDate.format(now);

const parisWallClock = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The UTC instant (ISO-8601) of a wall-clock time in Europe/Paris: `parisInstant('2026-12-07', '08:00')`. */
export function parisInstant(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const p = Object.fromEntries(parisWallClock.formatToParts(guess).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return new Date(guess.getTime() - (wall - guess.getTime())).toISOString();
}

/**
 * The years a date typed into Préau may fall in: birth dates of the oldest staff to a few school years ahead.
 * Anything else (0000-01-01, 9999-12-31) is a typo or a probe; the school year bounds narrow it further where
 * a date belongs to a school year (see assertInSchoolYear).
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real calendar date 'YYYY-MM-DD' (no 30 February) between MIN_YEAR and MAX_YEAR. */
export const isIsoDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (
    year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
};

/** A month 'YYYY-MM' between MIN_YEAR and MAX_YEAR. */
export const isIsoMonth = (s: string): boolean => /^\d{4}-\d{2}$/.test(s) && isIsoDate(`${s}-01`);

/** The one Zod schema for a calendar date in a request: every *.schema.ts uses it. */
export const IsoDate = z
  .string()
  .refine(isIsoDate, `Expected a real calendar date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`);

/** The one Zod schema for a month in a request. */
export const IsoMonth = z.string().refine(isIsoMonth, `Expected a month YYYY-MM between ${MIN_YEAR} and ${MAX_YEAR}`);
