import type { Executor } from '../../db/types.ts';

/** The school's justifications and announcements waiting for a decision. */
export async function countPendingJustifications(db: Executor, schoolId: string): Promise<number> {
  const row = await db
    .selectFrom('justifications')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('school_id', '=', schoolId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The last period of the school year in force on `day` that has ended before it. */
export function findLastEndedPeriod(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('periods as p')
    .innerJoin('school_years as y', 'y.id', 'p.school_year_id')
    .select(['p.id', 'p.label', 'p.school_year_id'])
    .where('y.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .where('p.ends_on', '<', day)
    .orderBy('p.ends_on', 'desc')
    .executeTakeFirst();
}
