/** Calendar dates as YYYY-MM-DD, computed in UTC so that no time zone shifts a day. */
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return fromDate(d);
}

/** Today in Paris, the school's time zone. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdayOf = (iso: string) => toDate(iso).getUTCDay() || 7;

export const mondayOf = (iso: string) => addDays(iso, 1 - weekdayOf(iso));

export const isIsoDate = (v: string | null | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

export function formatDay(iso: string, locale: string, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: style,
    day: 'numeric',
    month: style === 'long' ? 'long' : 'short',
  }).format(toDate(iso));
}

/** The school days of a week: Monday to Friday, Saturday when something happens on it. */
export function schoolDays(from: string, hasSaturday: boolean): string[] {
  const monday = mondayOf(from);
  return Array.from({ length: hasSaturday ? 6 : 5 }, (_, i) => addDays(monday, i));
}
