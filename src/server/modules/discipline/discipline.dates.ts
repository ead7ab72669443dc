/**
 * The legal delays of the disciplinary procedure, pure (docs/discipline.md cites the articles):
 * - the defence delay of R. 421-10-1: at least two *jours ouvrables* (every day but Sunday and public holidays),
 *   counted from the day after the family is told; a sanction may be pronounced from the start of the day after;
 * - how long a sanction stays in the pupil's administrative file (R. 511-13).
 */
import { parisInstant, parisWallClock } from '../attendance/attendance.halfdays.ts';
import { addDays, publicHolidays, weekdayOf } from '../timetable/timetable.calendar.ts';
import type { Sanction } from './discipline.schema.ts';

/** A jour ouvrable: not a Sunday, not a public holiday. */
export function isWorkingDay(day: string): boolean {
  if (weekdayOf(day) === 7) return false;
  return !publicHolidays(Number(day.slice(0, 4))).some((h) => h.date === day);
}

/** The first instant a sanction may be pronounced when the family was told at `toldAt` and given `days` working days. */
export function defenceEndsAt(toldAt: Date, days: number): Date {
  let day = parisWallClock(toldAt).date;
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return parisInstant(addDays(day, 1), '00:00');
}

const addYears = (day: string, n: number): string => {
  const y = Number(day.slice(0, 4)) + n;
  const md = day.slice(5);
  // 29 February → 1 March in a year without one.
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-03-01`;
  return `${y}-${md}`;
};

/**
 * The first day a sanction pronounced on `pronouncedOn` is no longer in the pupil's file: the avertissement at the
 * end of the school year (the day after `schoolYearEndsOn`), the blâme and the mesure de responsabilisation one
 * year after, the temporary exclusions two years after.
 */
export function removalDueOn(sanction: Sanction, pronouncedOn: string, schoolYearEndsOn: string | null): string {
  switch (sanction) {
    case 'avertissement': {
      if (schoolYearEndsOn && schoolYearEndsOn >= pronouncedOn) return addDays(schoolYearEndsOn, 1);
      // Without a school year in the calendar: the French school year ends on 31 August at the latest.
      const y = Number(pronouncedOn.slice(0, 4)) + (pronouncedOn.slice(5) >= '09-01' ? 1 : 0);
      return `${y}-09-01`;
    }
    case 'blame':
    case 'mesure_responsabilisation':
      return addYears(pronouncedOn, 1);
    case 'exclusion_classe':
    case 'exclusion_etablissement':
      return addYears(pronouncedOn, 2);
  }
}
