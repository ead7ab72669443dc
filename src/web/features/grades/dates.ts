import { addDays, weekdayOf } from '../timetable/dates.ts';

type Span = { startsOn: string; endsOn: string };

/**
 * The date a new assessment takes by default: today when it is a school day (Monday to Friday, not a day off),
 * else the last school day before it (Friday after a weekend); always inside the period — a period already over
 * gives its last school day, one not started yet its first.
 */
export function defaultAssessmentDate(today: string, period: Span, daysOff: readonly Span[] = []): string {
  const off = (d: string) => weekdayOf(d) > 5 || daysOff.some((o) => o.startsOn <= d && d <= o.endsOn);
  const start = today < period.startsOn ? period.startsOn : today > period.endsOn ? period.endsOn : today;
  for (let d = start; d >= period.startsOn; d = addDays(d, -1)) if (!off(d)) return d;
  for (let d = start; d <= period.endsOn; d = addDays(d, 1)) if (!off(d)) return d;
  return start;
}
