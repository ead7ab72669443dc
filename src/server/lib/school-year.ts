import type { Executor } from '../db/types.ts';
import { AppError } from './errors.ts';

/**
 * Dates that belong to school life (absences, exemptions, the school calendar) must fall within one of the
 * school's school years: the schemas already refuse dates that do not exist (30 February) or that no school
 * could mean (year 0000 or 9999); this narrows them to the years the school has. Past years stay valid (a
 * correction to last year's record) until the rollover archives them (YEAR_ARCHIVED), a range may not straddle two years. VALIDATION_FAILED with code
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
    .select(['id', 'label', 'starts_on', 'ends_on', 'archived_at'])
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
  // A year the rollover archived is read-only (« bascule d'année »).
  archived(year);
  if (to.date > year.ends_on) {
    throw new AppError('VALIDATION_FAILED', `${to.date} is after the end of the school year (${year.ends_on})`, {
      fields: [{ path: to.path, code: 'outside_school_year' }],
      schoolYear: { startsOn: year.starts_on, endsOn: year.ends_on },
    });
  }
  return year;
}

function archived(year: { label: string; archived_at: string | null } | undefined) {
  if (year?.archived_at) {
    throw new AppError('YEAR_ARCHIVED', `The school year ${year.label} is archived: it can no longer be changed`, {
      schoolYear: year.label,
    });
  }
}

/**
 * The one check of writes into school years the rollover archived (« bascule d'année », docs/imports.md): grades,
 * roll calls, the cahier de textes and report cards of an archived year are read-only. YEAR_ARCHIVED (409).
 */
export async function assertYearOpen(db: Executor, schoolYearId: string) {
  archived(
    await db
      .selectFrom('school_years')
      .select(['label', 'archived_at'])
      .where('id', '=', schoolYearId)
      .executeTakeFirst(),
  );
}

/** The same, for a write that names a period (assessments, report cards). */
export async function assertPeriodOpen(db: Executor, periodId: string) {
  archived(
    await db
      .selectFrom('periods as p')
      .innerJoin('school_years as y', 'y.id', 'p.school_year_id')
      .select(['y.label', 'y.archived_at'])
      .where('p.id', '=', periodId)
      .executeTakeFirst(),
  );
}

/**
 * The same, for a write that names a day of the school (a roll call, a session's content): the year that day falls
 * in. A day the rollover's next year also covers (none should) is judged by the latest year.
 */
export async function assertDayOpen(db: Executor, schoolId: string, day: string) {
  archived(
    await db
      .selectFrom('school_years')
      .select(['label', 'archived_at'])
      .where('school_id', '=', schoolId)
      .where('starts_on', '<=', day)
      .where('ends_on', '>=', day)
      .orderBy('starts_on', 'desc')
      .executeTakeFirst(),
  );
}

/**
 * The year imports and the rollover work on (« l'année en cours » of the administration): the year in force today
 * unless the rollover archived it, else the next year it prepared (starting later), else — in the summer before
 * the rollover — the last year that ended. Pages that show a day keep finding the year of that day.
 */
export async function findWorkingYear(db: Executor, schoolId: string, today: string) {
  const years = await db
    .selectFrom('school_years')
    .select(['id', 'label', 'starts_on', 'ends_on', 'archived_at'])
    .where('school_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .orderBy('starts_on')
    .execute();
  return (
    years.find((y) => y.starts_on <= today && y.ends_on >= today) ??
    years.find((y) => y.starts_on > today) ??
    years.filter((y) => y.ends_on < today).at(-1)
  );
}

/** A day of the year to resolve it by date: today when inside, else its nearest end. */
export const dayInYear = (year: { starts_on: string; ends_on: string }, today: string) =>
  today < year.starts_on ? year.starts_on : today > year.ends_on ? year.ends_on : today;
