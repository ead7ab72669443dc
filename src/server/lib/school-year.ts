import type { Executor } from '../db/types.ts';
import { AppError } from './errors.ts';

/**
 * Dates that belong to school life (absences, exemptions, the school calendar) must fall within one of the
 * school's school years: the schemas already refuse dates that do not exist (30 February) or that no school
 * could mean (year 0000 or 9999); this narrows them to the years the school has. Past years stay valid (a
 * correction to last year's record), a range may not straddle two years. VALIDATION_FAILED with code
 * `outside_school_year` on the offending field otherwise.
 */
export async function assertInSchoolYear(
  db: Executor,
  schoolId: string,
  from: { path: string; date: string },
  to: { path: string; date: string } = from,
) {
  const year = await db
    .selectFrom('school_years')
    .select(['id', 'starts_on', 'ends_on'])
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', from.date)
    .where('ends_on', '>=', from.date)
    .orderBy('starts_on', 'desc')
    .executeTakeFirst();
  if (!year) {
    throw new AppError('VALIDATION_FAILED', `${from.date} is outside the school's school years`, {
      fields: [{ path: from.path, code: 'outside_school_year' }],
    });
  }
  if (to.date > year.ends_on) {
    throw new AppError('VALIDATION_FAILED', `${to.date} is after the end of the school year (${year.ends_on})`, {
      fields: [{ path: to.path, code: 'outside_school_year' }],
      schoolYear: { startsOn: year.starts_on, endsOn: year.ends_on },
    });
  }
  return year;
}
