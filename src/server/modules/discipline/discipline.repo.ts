import { sql } from 'kysely';
import type {
  DisciplinaryProcedureTable,
  Executor,
  IncidentPupilTable,
  IncidentTable,
  PunishmentTable,
} from '../../db/types.ts';

const ids = (list: readonly string[]) => (list.length > 0 ? [...new Set(list)] : ['-']);

export function findPeople(db: Executor, personIds: readonly string[]) {
  return db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('id', 'in', ids(personIds)).execute();
}

/** Pupils of this school among `pupilIds` (a pupil profile there). */
export async function findPupilIdsOfSchool(db: Executor, schoolId: string, pupilIds: readonly string[]) {
  const rows = await db
    .selectFrom('profiles')
    .select('person_id')
    .where('school_id', '=', schoolId)
    .where('kind', '=', 'pupil')
    .where('person_id', 'in', ids(pupilIds))
    .execute();
  return new Set(rows.map((r) => r.person_id));
}

// ---------------------------------------------------------------------------------------------- incidents

export async function insertIncident(db: Executor, row: IncidentTable, pupils: IncidentPupilTable[]) {
  await db.insertInto('incidents').values(row).execute();
  if (pupils.length > 0) await db.insertInto('incident_pupils').values(pupils).execute();
}

export function getIncident(db: Executor, id: string) {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Incidents of a school, newest first; only `authorId`'s when given; only those involving `pupilId` when given. */
export function findIncidents(db: Executor, schoolId: string, o: { authorId?: string; pupilId?: string } = {}) {
  let q = db.selectFrom('incidents as i').selectAll('i').where('i.school_id', '=', schoolId);
  if (o.authorId) q = q.where('i.author_id', '=', o.authorId);
  if (o.pupilId) {
    const pupilId = o.pupilId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('incident_pupils as ip')
          .select('ip.pupil_id')
          .whereRef('ip.incident_id', '=', 'i.id')
          .where('ip.pupil_id', '=', pupilId),
      ),
    );
  }
  return q.orderBy('i.occurred_at', 'desc').orderBy('i.id').limit(500).execute();
}

export function findIncidentPupils(db: Executor, incidentIds: readonly string[]) {
  return db.selectFrom('incident_pupils').selectAll().where('incident_id', 'in', ids(incidentIds)).execute();
}

// -------------------------------------------------------------------------------------------- punishments

export async function insertPunishment(db: Executor, row: PunishmentTable) {
  await db.insertInto('punishments').values(row).execute();
}

export function getPunishment(db: Executor, id: string) {
  return db.selectFrom('punishments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPunishments(
  db: Executor,
  schoolId: string,
  o: { givenBy?: string; pupilId?: string; from?: string; to?: string; detentionDate?: string } = {},
) {
  let q = db.selectFrom('punishments').selectAll().where('school_id', '=', schoolId);
  if (o.givenBy) q = q.where('given_by', '=', o.givenBy);
  if (o.pupilId) q = q.where('pupil_id', '=', o.pupilId);
  if (o.from) q = q.where('given_on', '>=', o.from);
  if (o.to) q = q.where('given_on', '<=', o.to);
  if (o.detentionDate) q = q.where('kind', '=', 'retenue').where('detention_date', '=', o.detentionDate);
  return q.orderBy('given_on', 'desc').orderBy('created_at', 'desc').orderBy('id').limit(1000).execute();
}

export async function setDetentionStatus(
  db: Executor,
  id: string,
  v: { status: 'present' | 'absent'; by: string; at: string },
) {
  await db
    .updateTable('punishments')
    .set({ detention_status: v.status, detention_checked_by: v.by, detention_checked_at: v.at })
    .where('id', '=', id)
    .execute();
}

// --------------------------------------------------------------------------------------------- procedures

export async function insertProcedure(db: Executor, row: DisciplinaryProcedureTable) {
  await db.insertInto('disciplinary_procedures').values(row).execute();
}

export function getProcedure(db: Executor, id: string) {
  return db.selectFrom('disciplinary_procedures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Procedures of a school (sanctions removed from the file are left out), newest first. */
export function findProcedures(db: Executor, schoolId: string, o: { pupilId?: string } = {}) {
  let q = db
    .selectFrom('disciplinary_procedures')
    .selectAll()
    .where('school_id', '=', schoolId)
    .where('removed_at', 'is', null);
  if (o.pupilId) q = q.where('pupil_id', '=', o.pupilId);
  return q.orderBy('opened_at', 'desc').orderBy('id').limit(500).execute();
}

/** Pronounces, only while the procedure is still open: false when someone else got there first. */
export async function pronounceIfOpen(
  db: Executor,
  id: string,
  v: Pick<
    DisciplinaryProcedureTable,
    'sanction' | 'sursis' | 'duration' | 'decision_reasons' | 'pronounced_by' | 'pronounced_at' | 'removal_due_on'
  >,
) {
  const res = await db
    .updateTable('disciplinary_procedures')
    .set({ ...v, status: 'pronounced' })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function closeIfOpen(db: Executor, id: string, at: string) {
  const res = await db
    .updateTable('disciplinary_procedures')
    .set({ status: 'closed', closed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Sanctions whose time in the pupil's file is over on `today` (removal_due_on is the first day they are gone). */
export function findSanctionsDueForRemoval(db: Executor, today: string) {
  return db
    .selectFrom('disciplinary_procedures')
    .select(['id', 'school_id', 'pupil_id', 'sanction'])
    .where('status', '=', 'pronounced')
    .where('removed_at', 'is', null)
    .where('removal_due_on', '<=', today)
    .execute();
}

/**
 * Removes a sanction from the pupil's file: the decision, its reasons and the facts of the procedure go; only the
 * row's dates and kind stay (no name of what happened), for the count of sanctions the school reports.
 */
export async function removeSanctions(db: Executor, procedureIds: readonly string[], at: string) {
  if (procedureIds.length === 0) return;
  await db
    .updateTable('disciplinary_procedures')
    .set({ removed_at: at, facts: '', decision_reasons: null, incident_id: null })
    .where('id', 'in', [...procedureIds])
    .execute();
}

/** The school year (bounds) that contains `day` in the school, if any. */
export function findSchoolYearOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('school_years')
    .select(['starts_on', 'ends_on'])
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .executeTakeFirst();
}

/** Pupils of a school (with a pupil profile), or only those `teacherId` teaches (class or group) on `day`. */
export async function findNameablePupils(db: Executor, schoolId: string, day: string, teacherId?: string) {
  const current = (alias: string) =>
    sql<boolean>`${sql.ref(`${alias}.starts_on`)} <= ${day} and (${sql.ref(`${alias}.ends_on`)} is null or ${sql.ref(`${alias}.ends_on`)} >= ${day})`;
  let q = db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('pr.school_id', '=', schoolId)
    .where('pr.kind', '=', 'pupil')
    .where('p.disabled_at', 'is', null);
  if (teacherId) {
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('teaching_assignments as t')
            .innerJoin('class_memberships as m', 'm.class_id', 't.class_id')
            .select('t.id')
            .where('t.teacher_id', '=', teacherId)
            .whereRef('m.pupil_id', '=', 'p.id')
            .where(current('m')),
        ),
        eb.exists(
          eb
            .selectFrom('teaching_assignments as t')
            .innerJoin('group_memberships as m', 'm.group_id', 't.group_id')
            .select('t.id')
            .where('t.teacher_id', '=', teacherId)
            .whereRef('m.pupil_id', '=', 'p.id')
            .where(current('m')),
        ),
      ]),
    );
  }
  return q.orderBy('p.last_name').orderBy('p.first_name').limit(5000).execute();
}
