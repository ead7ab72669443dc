import type { Executor } from '../../db/types.ts';

/**
 * How many of a pupil's grades appeared to a reader between two instants: to the pupil at `pupils_publish_at`, to
 * guardians at `guardians_publish_at` (after the school's delay). Grades without a value or code are not counted.
 */
export async function countGradesPublishedBetween(
  db: Executor,
  o: { pupilId: string; column: 'pupils_publish_at' | 'guardians_publish_at'; since: string; until: string },
): Promise<number> {
  const row = await db
    .selectFrom('grades as g')
    .innerJoin('assessments as a', 'a.id', 'g.assessment_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('g.pupil_id', '=', o.pupilId)
    .where(`a.${o.column}`, '>', o.since)
    .where(`a.${o.column}`, '<=', o.until)
    .where((eb) => eb.or([eb('g.value_centi', 'is not', null), eb('g.code', 'is not', null)]))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
