import { sql } from 'kysely';
import type { AttendanceEventTable, Executor, JustificationTable, RollCallTable } from '../../db/types.ts';
import * as directoryRepo from '../directory/directory.repo.ts';

/** No `in ()` in SQL: an empty id list becomes one id that matches nothing. */
const ids = (list: readonly string[]) => (list.length > 0 ? [...list] : ['-']);

// ---------------------------------------------------------------------------------------------- people

export function findPeopleNames(db: Executor, personIds: readonly string[]) {
  return db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('id', 'in', ids(personIds)).execute();
}

/** A pupil of this school (a pupil profile there), or undefined. */
export function findPupilOfSchool(db: Executor, pupilId: string, schoolId: string) {
  return db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'pr.school_id'])
    .where('pr.person_id', '=', pupilId)
    .where('pr.school_id', '=', schoolId)
    .where('pr.kind', '=', 'pupil')
    .executeTakeFirst();
}

/** Guardians who see the pupil's school information: who families' notifications go to. */
export async function findVisibleGuardianIds(db: Executor, pupilIds: readonly string[]): Promise<string[]> {
  if (pupilIds.length === 0) return [];
  const rows = await db
    .selectFrom('guardianships')
    .select('guardian_id')
    .where('pupil_id', 'in', [...pupilIds])
    .where(directoryRepo.opensSchoolInformation())
    .execute();
  return [...new Set(rows.map((r) => r.guardian_id))];
}

export function findGuardianship(db: Executor, guardianId: string, pupilId: string) {
  return db
    .selectFrom('guardianships')
    .select(['may_collect', 'court_restricted'])
    .where('guardian_id', '=', guardianId)
    .where('pupil_id', '=', pupilId)
    .executeTakeFirst();
}

/** The class of each pupil on a date (one per pupil; the school year's), named as the interface names it: its label. */
export async function findClassNamesOfPupils(db: Executor, pupilIds: readonly string[], day: string) {
  const out = new Map<string, string>();
  for (let i = 0; i < pupilIds.length; i += 500) {
    const rows = await db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select(['m.pupil_id', 'c.code', 'c.label'])
      .where('m.pupil_id', 'in', pupilIds.slice(i, i + 500))
      .where('m.starts_on', '<=', day)
      .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
      .execute();
    for (const r of rows) out.set(r.pupil_id, r.label.trim() || r.code);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- roll calls

export function getRollCallByKey(db: Executor, sessionKey: string) {
  return db.selectFrom('roll_calls').selectAll().where('session_key', '=', sessionKey).executeTakeFirst();
}

/** Inserts a roll call unless one exists for the session: false when another request took it first. */
export async function insertRollCall(db: Executor, row: RollCallTable): Promise<boolean> {
  const r = await db
    .insertInto('roll_calls')
    .values(row)
    .onConflict((oc) => oc.column('session_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Bumps the version when it is still `expected`: false when someone else changed it in between. */
export async function updateRollCallIfVersion(
  db: Executor,
  id: string,
  expected: number,
  patch: Pick<RollCallTable, 'absent_count' | 'late_count' | 'pupil_count' | 'updated_by' | 'updated_at'>,
): Promise<boolean> {
  const r = await db
    .updateTable('roll_calls')
    .set({ ...patch, version: expected + 1 })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findRollCallKeysOn(db: Executor, schoolId: string, date: string) {
  return db
    .selectFrom('roll_calls')
    .select('session_key')
    .where('school_id', '=', schoolId)
    .where('date', '=', date)
    .execute();
}

/** Roll-call figures per date, class and site between two dates (rates). */
export function sumRollCalls(db: Executor, schoolId: string, from: string, to: string) {
  return db
    .selectFrom('roll_calls')
    .select((eb) => [
      'date',
      'class_id',
      'site_id',
      eb.fn.sum<number>('pupil_count').as('pupils'),
      eb.fn.sum<number>('absent_count').as('absent'),
      eb.fn.sum<number>('late_count').as('late'),
    ])
    .where('school_id', '=', schoolId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .groupBy(['date', 'class_id', 'site_id'])
    .execute();
}

// ---------------------------------------------------------------------------------------------- events

export function findSessionEvents(db: Executor, sessionKey: string) {
  return db.selectFrom('attendance_events').selectAll().where('session_key', '=', sessionKey).execute();
}

export function getEvent(db: Executor, id: string) {
  return db.selectFrom('attendance_events').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findEventsByIds(db: Executor, eventIds: readonly string[]) {
  return db.selectFrom('attendance_events').selectAll().where('id', 'in', ids(eventIds)).execute();
}

/** Events of pupils that cover a date (absences entered by vie scolaire over several days included). */
export function findEventsCovering(db: Executor, pupilIds: readonly string[], date: string) {
  return db
    .selectFrom('attendance_events')
    .selectAll()
    .where('pupil_id', 'in', ids(pupilIds))
    .where('date_from', '<=', date)
    .where('date_to', '>=', date)
    .execute();
}

export function findEventsOfPupil(db: Executor, pupilId: string, from: string, to: string) {
  return db
    .selectFrom('attendance_events as e')
    .leftJoin('absence_reasons as r', 'r.id', 'e.reason_id')
    .selectAll('e')
    .select(['r.label as reason_label', 'r.is_valid as reason_valid', 'r.code as reason_code'])
    .where('e.pupil_id', '=', pupilId)
    .where('e.date_to', '>=', from)
    .where('e.date_from', '<=', to)
    .orderBy('e.date_from')
    .orderBy('e.starts_at')
    .execute();
}
export type EventWithReason = Awaited<ReturnType<typeof findEventsOfPupil>>[number];

/** Events of several pupils overlapping two dates, with the reason's validity (report-card summaries). */
export async function findEventsOfPupils(
  db: Executor,
  schoolId: string,
  pupilIds: readonly string[],
  from: string,
  to: string,
) {
  if (pupilIds.length === 0) return [];
  return db
    .selectFrom('attendance_events as e')
    .leftJoin('absence_reasons as r', 'r.id', 'e.reason_id')
    .select([
      'e.pupil_id',
      'e.kind',
      'e.source',
      'e.date_from',
      'e.half_from',
      'e.date_to',
      'e.half_to',
      'e.justification_status',
      'r.is_valid as reason_valid',
    ])
    .where('e.school_id', '=', schoolId)
    .where('e.pupil_id', 'in', [...pupilIds])
    .where('e.date_to', '>=', from)
    .where('e.date_from', '<=', to)
    .execute();
}

/** Every event of a school that overlaps two dates, with reason, pupil and creator (follow-up, export). */
export function findEventsOfSchool(
  db: Executor,
  schoolId: string,
  from: string,
  to: string,
  kinds: ReadonlyArray<AttendanceEventTable['kind']> = ['absence', 'lateness', 'early_departure'],
) {
  return db
    .selectFrom('attendance_events as e')
    .innerJoin('people as p', 'p.id', 'e.pupil_id')
    .leftJoin('absence_reasons as r', 'r.id', 'e.reason_id')
    .selectAll('e')
    .select([
      'r.label as reason_label',
      'r.is_valid as reason_valid',
      'r.code as reason_code',
      'p.first_name',
      'p.last_name',
    ])
    .where('e.school_id', '=', schoolId)
    .where('e.kind', 'in', [...kinds])
    .where('e.date_to', '>=', from)
    .where('e.date_from', '<=', to)
    .orderBy('e.date_from')
    .orderBy('p.last_name')
    .orderBy('e.starts_at')
    .execute();
}

export async function insertEvents(db: Executor, rows: readonly AttendanceEventTable[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('attendance_events')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

export async function deleteEvents(db: Executor, eventIds: readonly string[]) {
  if (eventIds.length === 0) return;
  await db
    .deleteFrom('attendance_events')
    .where('id', 'in', [...eventIds])
    .execute();
}

export async function updateEventIfVersion(
  db: Executor,
  id: string,
  expected: number,
  patch: Partial<AttendanceEventTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('attendance_events')
    .set({ ...patch, version: expected + 1 })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setEventsJustification(
  db: Executor,
  eventIds: readonly string[],
  patch: { justification_status: AttendanceEventTable['justification_status']; reason_id?: string | null },
  by: string,
  at: string,
) {
  if (eventIds.length === 0) return;
  await db
    .updateTable('attendance_events')
    .set({ ...patch, updated_by: by, updated_at: at, version: sql<number>`version + 1` })
    .where('id', 'in', [...eventIds])
    .execute();
}

/** Whether a family was already told about an absence of this pupil on this date. */
export async function wasNotifiedOn(db: Executor, pupilId: string, date: string): Promise<boolean> {
  const row = await db
    .selectFrom('attendance_events')
    .select('id')
    .where('pupil_id', '=', pupilId)
    .where('date_from', '<=', date)
    .where('date_to', '>=', date)
    .where('notified_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------------------------------------- exemptions

export function findExemptionsCovering(db: Executor, pupilIds: readonly string[], date: string) {
  return db
    .selectFrom('exemptions')
    .selectAll()
    .where('pupil_id', 'in', ids(pupilIds))
    .where('starts_on', '<=', date)
    .where('ends_on', '>=', date)
    .execute();
}

export function findExemptionsOfPupil(db: Executor, pupilId: string, from: string, to: string) {
  return db
    .selectFrom('exemptions as x')
    .leftJoin('subjects as s', 's.id', 'x.subject_id')
    .selectAll('x')
    .select(['s.label as subject_label'])
    .where('x.pupil_id', '=', pupilId)
    .where('x.ends_on', '>=', from)
    .where('x.starts_on', '<=', to)
    .orderBy('x.starts_on')
    .execute();
}

// ---------------------------------------------------------------------------------------------- reasons

export function findReasons(db: Executor, schoolId: string) {
  return db
    .selectFrom('absence_reasons')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('position')
    .orderBy('label')
    .execute();
}

export function getReason(db: Executor, id: string) {
  return db.selectFrom('absence_reasons').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------- justifications

export function getJustification(db: Executor, id: string) {
  return db.selectFrom('justifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findJustificationEventIds(db: Executor, justificationIds: readonly string[]) {
  const out = new Map<string, string[]>();
  if (justificationIds.length === 0) return out;
  const rows = await db
    .selectFrom('justification_events')
    .select(['justification_id', 'event_id'])
    .where('justification_id', 'in', [...justificationIds])
    .execute();
  for (const r of rows) out.set(r.justification_id, [...(out.get(r.justification_id) ?? []), r.event_id]);
  return out;
}

/** Announcements (pending or accepted) of pupils that cover a date. */
export function findAnnouncementsCovering(db: Executor, pupilIds: readonly string[], date: string) {
  return db
    .selectFrom('justifications')
    .selectAll()
    .where('kind', '=', 'announcement')
    .where('status', 'in', ['pending', 'accepted'])
    .where('pupil_id', 'in', ids(pupilIds))
    .where('date_from', '<=', date)
    .where('date_to', '>=', date)
    .execute();
}

export function findJustificationsOfPupil(db: Executor, pupilId: string) {
  return db
    .selectFrom('justifications')
    .selectAll()
    .where('pupil_id', '=', pupilId)
    .orderBy('submitted_at', 'desc')
    .execute();
}

export function findJustificationsOfSchool(db: Executor, schoolId: string, status?: JustificationTable['status']) {
  let q = db
    .selectFrom('justifications as j')
    .innerJoin('people as p', 'p.id', 'j.pupil_id')
    .selectAll('j')
    .select(['p.first_name', 'p.last_name'])
    .where('j.school_id', '=', schoolId);
  if (status) q = q.where('j.status', '=', status);
  return q.orderBy('j.submitted_at').limit(500).execute();
}

export async function updateJustificationIfVersion(
  db: Executor,
  id: string,
  expected: number,
  patch: Partial<JustificationTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('justifications')
    .set({ ...patch, version: expected + 1 })
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------- documents

export function getDocument(db: Executor, id: string) {
  return db.selectFrom('attendance_documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a document is attached to a justification submitted for this pupil (families see those). */
export async function isJustificationDocument(db: Executor, documentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('justifications')
    .select('id')
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return row !== undefined;
}
