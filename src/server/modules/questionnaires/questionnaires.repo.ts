import type { Executor, QuestionnaireTable } from '../../db/types.ts';

export async function insertQuestionnaire(db: Executor, row: QuestionnaireTable) {
  await db.insertInto('questionnaires').values(row).execute();
}

export const findQuestionnaire = (db: Executor, id: string) =>
  db.selectFrom('questionnaires').selectAll().where('id', '=', id).executeTakeFirst();

export const findQuestionnairesOfSchool = (db: Executor, schoolId: string) =>
  db
    .selectFrom('questionnaires')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

/** Published questionnaires of these schools whose dates include `today`. */
export function findOpenInSchools(db: Executor, schoolIds: readonly string[], today: string) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('questionnaires')
    .selectAll()
    .where('school_id', 'in', [...schoolIds])
    .where('status', '=', 'published')
    .where('opens_on', '<=', today)
    .where('closes_on', '>=', today)
    .orderBy('closes_on')
    .orderBy('id')
    .execute();
}

export async function setStatus(
  db: Executor,
  id: string,
  from: QuestionnaireTable['status'],
  to: QuestionnaireTable['status'],
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('questionnaires')
    .set({
      status: to,
      updated_at: at,
      ...(to === 'published' ? { published_at: at } : {}),
      ...(to === 'closed' ? { closed_at: at } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The questionnaires among `ids` that this person has answered. */
export async function findAnsweredBy(db: Executor, personId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('questionnaire_marks')
    .select('questionnaire_id')
    .where('person_id', '=', personId)
    .where('questionnaire_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.questionnaire_id));
}

export async function countMarks(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('questionnaire_marks')
    .select(['questionnaire_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('questionnaire_id', 'in', [...ids])
    .groupBy('questionnaire_id')
    .execute();
  return new Map(rows.map((r) => [r.questionnaire_id, Number(r.n)]));
}

/**
 * The mark, inserted first: the primary key makes a second answer (even two at once) fail here, before any answer
 * is stored. Returns false when the person has already answered.
 */
export async function insertMark(db: Executor, questionnaireId: string, personId: string): Promise<boolean> {
  const r = await db
    .insertInto('questionnaire_marks')
    .values({ questionnaire_id: questionnaireId, person_id: personId })
    .onConflict((oc) => oc.columns(['questionnaire_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertAnonymousAnswers(
  db: Executor,
  row: { questionnaire_id: string; id: string; answers: string },
) {
  await db.insertInto('questionnaire_anonymous_answers').values(row).execute();
}

export async function insertNamedAnswers(
  db: Executor,
  row: { questionnaire_id: string; person_id: string; answers: string; answered_at: string },
) {
  await db.insertInto('questionnaire_named_answers').values(row).execute();
}

/** Anonymous answers in the order of their random ids: no order of time exists to give. */
export const findAnonymousAnswers = (db: Executor, questionnaireId: string) =>
  db
    .selectFrom('questionnaire_anonymous_answers')
    .select('answers')
    .where('questionnaire_id', '=', questionnaireId)
    .orderBy('id')
    .execute();

export const findNamedAnswers = (db: Executor, questionnaireId: string) =>
  db
    .selectFrom('questionnaire_named_answers as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'a.answers', 'a.answered_at', 'p.first_name', 'p.last_name'])
    .where('a.questionnaire_id', '=', questionnaireId)
    .orderBy('a.answered_at')
    .orderBy('a.person_id')
    .execute();

type Editable = Partial<
  Pick<QuestionnaireTable, 'title' | 'intro' | 'questions' | 'audience' | 'anonymous' | 'opens_on' | 'closes_on'>
>;

/** Changes a questionnaire still in draft; false when it is no longer one (published meanwhile). */
export async function updateDraft(db: Executor, id: string, patch: Editable, at: string): Promise<boolean> {
  const r = await db
    .updateTable('questionnaires')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Moves a published questionnaire's closing day; false when it is not published any more. */
export async function setClosesOn(db: Executor, id: string, closesOn: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('questionnaires')
    .set({ closes_on: closesOn, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a draft (a draft has no mark and no answer); false when it is not a draft. */
export async function deleteDraft(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('questionnaires').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Claims the reminder: sets `reminded_at` only when the last one is at or before `notAfter` (24 hours ago), so two
 * reminders at once send once. False when refused.
 */
export async function claimReminder(db: Executor, id: string, at: string, notAfter: string): Promise<boolean> {
  const r = await db
    .updateTable('questionnaires')
    .set({ reminded_at: at })
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('reminded_at', 'is', null), eb('reminded_at', '<=', notAfter)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Who among `personIds` holds the "has answered" mark: the marks alone, never the answers. */
export async function findMarked(db: Executor, questionnaireId: string, personIds: readonly string[]) {
  const out = new Set<string>();
  for (let i = 0; i < personIds.length; i += 500) {
    const chunk = personIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('questionnaire_marks')
      .select('person_id')
      .where('questionnaire_id', '=', questionnaireId)
      .where('person_id', 'in', chunk)
      .execute();
    for (const r of rows) out.add(r.person_id);
  }
  return out;
}

export const findSchoolName = async (db: Executor, schoolId: string) =>
  (await db.selectFrom('schools').select('name').where('id', '=', schoolId).executeTakeFirst())?.name ?? '';

/** Published or closed questionnaires of a school whose dates meet [from, to], by opening date. */
export const findRunInRange = (db: Executor, schoolId: string, from: string, to: string) =>
  db
    .selectFrom('questionnaires')
    .select(['id', 'title', 'anonymous', 'status', 'opens_on', 'closes_on', 'audience'])
    .where('school_id', '=', schoolId)
    .where('status', 'in', ['published', 'closed'])
    .where('opens_on', '<=', to)
    .where('closes_on', '>=', from)
    .orderBy('opens_on')
    .orderBy('id')
    .execute();
