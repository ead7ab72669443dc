import { sql } from 'kysely';
import type { AppointmentTable, Executor } from '../../db/types.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';

// ------------------------------------------------------------------------------------------ availability

export function findStaffSetting(db: Executor, schoolId: string, staffId: string) {
  return db
    .selectFrom('appointment_settings')
    .select(['book_ahead_days', 'private_reason', 'offer_cancelled_courses'])
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
}

export function findAvailabilitySlots(db: Executor, schoolId: string, staffIds: string[]) {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('appointment_availabilities as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('rooms as r', 'r.id', 'a.room_id')
    .select([
      'a.staff_id',
      'a.site_id',
      'a.room_id',
      'a.weekday',
      'a.starts_at',
      'a.ends_at',
      'a.slot_minutes',
      's.name as site_name',
      'r.label as room_label',
    ])
    .where('a.school_id', '=', schoolId)
    .where('a.staff_id', 'in', staffIds)
    .orderBy('a.weekday')
    .orderBy('a.starts_at')
    .execute();
}

export function findExceptions(db: Executor, schoolId: string, staffId: string, from?: string) {
  let q = db
    .selectFrom('appointment_exceptions')
    .select(['on_date', 'label'])
    .where('school_id', '=', schoolId)
    .where('staff_id', '=', staffId);
  if (from) q = q.where('on_date', '>=', from);
  return q.orderBy('on_date').execute();
}

export async function replaceAvailability(
  db: Executor,
  p: {
    schoolId: string;
    staffId: string;
    now: string;
    setting: { id: string; book_ahead_days: number; private_reason: number; offer_cancelled_courses: number };
    slots: Array<{
      id: string;
      site_id: string;
      room_id: string | null;
      weekday: number;
      starts_at: string;
      ends_at: string;
      slot_minutes: number;
    }>;
    exceptions: Array<{ id: string; on_date: string; label: string }>;
  },
) {
  const key = { school_id: p.schoolId, staff_id: p.staffId };
  await db
    .deleteFrom('appointment_availabilities')
    .where('school_id', '=', p.schoolId)
    .where('staff_id', '=', p.staffId)
    .execute();
  await db
    .deleteFrom('appointment_exceptions')
    .where('school_id', '=', p.schoolId)
    .where('staff_id', '=', p.staffId)
    .execute();
  if (p.slots.length) {
    await db
      .insertInto('appointment_availabilities')
      .values(p.slots.map((s) => ({ ...s, ...key, created_at: p.now })))
      .execute();
  }
  if (p.exceptions.length) {
    await db
      .insertInto('appointment_exceptions')
      .values(p.exceptions.map((e) => ({ ...e, ...key })))
      .execute();
  }
  const row = {
    book_ahead_days: p.setting.book_ahead_days,
    private_reason: p.setting.private_reason,
    offer_cancelled_courses: p.setting.offer_cancelled_courses,
    updated_at: p.now,
  };
  await db
    .insertInto('appointment_settings')
    .values({ id: p.setting.id, ...key, ...row })
    .onConflict((oc) => oc.columns(['school_id', 'staff_id']).doUpdateSet(row))
    .execute();
}

export function findSitesWithRooms(db: Executor, schoolId: string) {
  return Promise.all([
    db
      .selectFrom('sites')
      .select(['id', 'name', 'address'])
      .where('school_id', '=', schoolId)
      .orderBy('name')
      .execute(),
    db
      .selectFrom('rooms')
      .select(['id', 'site_id', 'code', 'label'])
      .where('school_id', '=', schoolId)
      .orderBy('code')
      .execute(),
  ]);
}

// ------------------------------------------------------------------------------------------ people

/** The school a pupil is enrolled in (their pupil profile). */
export async function findSchoolOfPupil(db: Executor, pupilId: string) {
  const row = await db
    .selectFrom('profiles')
    .select('school_id')
    .where('person_id', '=', pupilId)
    .where('kind', '=', 'pupil')
    .executeTakeFirst();
  return row?.school_id;
}

/** People who published availability in the school, with their staff functions and whether they teach there. */
export async function findPublishingStaff(db: Executor, schoolId: string) {
  const people = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('p.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('appointment_availabilities as a')
          .select('a.id')
          .whereRef('a.staff_id', '=', 'p.id')
          .where('a.school_id', '=', schoolId),
      ),
    )
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
  const roles = await findRolesOf(
    db,
    schoolId,
    people.map((p) => p.id),
  );
  return people.map((p) => ({ ...p, ...(roles.get(p.id) ?? { functions: [], isTeacher: false, isStaff: false }) }));
}

export async function findRolesOf(db: Executor, schoolId: string, personIds: string[]) {
  const out = new Map<string, { functions: string[]; isTeacher: boolean; isStaff: boolean }>();
  if (personIds.length === 0) return out;
  const [fns, profiles] = await Promise.all([
    db
      .selectFrom('staff_functions')
      .select(['person_id', 'function'])
      .where('school_id', '=', schoolId)
      .where('person_id', 'in', personIds)
      .execute(),
    db
      .selectFrom('profiles')
      .select(['person_id', 'kind'])
      .where('school_id', '=', schoolId)
      .where('person_id', 'in', personIds)
      .where('kind', 'in', ['teacher', 'staff'])
      .execute(),
  ]);
  for (const id of personIds) out.set(id, { functions: [], isTeacher: false, isStaff: false });
  for (const f of fns) out.get(f.person_id)?.functions.push(f.function);
  for (const p of profiles) {
    const r = out.get(p.person_id);
    if (r && p.kind === 'teacher') r.isTeacher = true;
    if (r && p.kind === 'staff') r.isStaff = true;
  }
  return out;
}

/** The teachers of a pupil on `day` (class or group assignments), with the subjects they teach the pupil. */
export function findTeachersOfPupil(db: Executor, schoolId: string, pupilId: string, day: string) {
  return db
    .selectFrom('teaching_assignments as ta')
    .innerJoin('subjects as su', 'su.id', 'ta.subject_id')
    .select(['ta.teacher_id', 'su.label as subject'])
    .where('ta.school_id', '=', schoolId)
    .where((eb) =>
      eb.or([
        eb(
          'ta.class_id',
          'in',
          eb
            .selectFrom('class_memberships as m')
            .select('m.class_id')
            .where('m.pupil_id', '=', pupilId)
            .where('m.starts_on', '<=', day)
            .where((e) => e.or([e('m.ends_on', 'is', null), e('m.ends_on', '>=', day)])),
        ),
        eb(
          'ta.group_id',
          'in',
          eb
            .selectFrom('group_memberships as gm')
            .select('gm.group_id')
            .where('gm.pupil_id', '=', pupilId)
            .where('gm.starts_on', '<=', day)
            .where((e) => e.or([e('gm.ends_on', 'is', null), e('gm.ends_on', '>=', day)])),
        ),
      ]),
    )
    .execute();
}

/** A pupil's guardians whose link opens the school information (legal guardians, contacts with access). */
export function findFollowingGuardians(db: Executor, pupilId: string) {
  return db
    .selectFrom('guardianships as g')
    .select(['g.guardian_id'])
    .where('g.pupil_id', '=', pupilId)
    .where(opensSchoolInformation('g'))
    .execute();
}

/** Every guardian link of the pupils (for the desk: who follows, who may collect). */
export function findGuardianLinks(db: Executor, pupilIds: string[]) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select([
      'g.pupil_id',
      'g.guardian_id',
      'g.responsibility',
      'g.may_collect',
      'g.court_restricted',
      'p.first_name',
      'p.last_name',
      sql<number>`case when ${opensSchoolInformation('g')} then 1 else 0 end`.as('follows'),
    ])
    .where('g.pupil_id', 'in', pupilIds)
    .orderBy('g.responsibility')
    .execute();
}

/** Pupils of the school whose name contains `q` (case-insensitive), with their class today. */
export function searchPupils(db: Executor, schoolId: string, q: string, day: string) {
  const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('people as p')
    .innerJoin('profiles as pr', (j) =>
      j.onRef('pr.person_id', '=', 'p.id').on('pr.kind', '=', 'pupil').on('pr.school_id', '=', schoolId),
    )
    .leftJoin('class_memberships as m', (j) =>
      j
        .onRef('m.pupil_id', '=', 'p.id')
        .on('m.starts_on', '<=', day)
        .on((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)])),
    )
    .leftJoin('classes as c', 'c.id', 'm.class_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'c.code as class_code'])
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('p.last_name')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${eb.ref('p.first_name')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${eb.ref('p.first_name')} || ' ' || ${eb.ref('p.last_name')}) like ${like} escape '\\'`,
        sql<boolean>`lower(${eb.ref('p.last_name')} || ' ' || ${eb.ref('p.first_name')}) like ${like} escape '\\'`,
      ]),
    )
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .limit(20)
    .execute();
}

export function findClassCodesOf(db: Executor, pupilIds: string[], day: string) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.pupil_id', 'c.code'])
    .where('m.pupil_id', 'in', pupilIds)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .execute();
}

/** People of the school's staff with one of the functions (notifications to the CPE...). */
export function findStaffWithFunctions(db: Executor, schoolId: string, fns: string[]) {
  return db
    .selectFrom('staff_functions')
    .select('person_id')
    .distinct()
    .where('school_id', '=', schoolId)
    .where('function', 'in', fns)
    .execute();
}

// ------------------------------------------------------------------------------------------ appointments

/** The slots a staff member holds between two dates ('YYYY-MM-DDTHH:MM'). */
export async function findTakenSlots(db: Executor, staffId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('appointments')
    .select('active_slot')
    .where('staff_id', '=', staffId)
    .where('active_slot', 'is not', null)
    .where('on_date', '>=', from)
    .where('on_date', '<=', to)
    .execute();
  return new Set(rows.map((r) => r.active_slot as string));
}

/** Booked appointments of staff members on a date that overlap a time range. */
export function findBookedOverlapping(
  db: Executor,
  o: { staffIds: readonly string[]; date: string; startsAt: string; endsAt: string },
) {
  if (o.staffIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('appointments as a')
    .innerJoin('people as pu', 'pu.id', 'a.pupil_id')
    .innerJoin('people as gu', 'gu.id', 'a.guardian_id')
    .innerJoin('people as st', 'st.id', 'a.staff_id')
    .select([
      'a.id',
      'a.school_id',
      'a.staff_id',
      'a.guardian_id',
      'a.on_date',
      'a.starts_at',
      'a.ends_at',
      'pu.first_name as pupil_first_name',
      'pu.last_name as pupil_last_name',
      'gu.first_name as guardian_first_name',
      'gu.last_name as guardian_last_name',
      'st.first_name as staff_first_name',
      'st.last_name as staff_last_name',
    ])
    .where('a.staff_id', 'in', [...o.staffIds])
    .where('a.status', '=', 'booked')
    .where('a.on_date', '=', o.date)
    .where('a.starts_at', '<', o.endsAt)
    .where('a.ends_at', '>', o.startsAt)
    .execute();
}

export function insertAppointment(db: Executor, row: AppointmentTable) {
  return db.insertInto('appointments').values(row).execute();
}

function appointmentQuery(db: Executor) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('people as st', 'st.id', 'a.staff_id')
    .innerJoin('people as pu', 'pu.id', 'a.pupil_id')
    .innerJoin('people as gu', 'gu.id', 'a.guardian_id')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('rooms as r', 'r.id', 'a.room_id')
    .select([
      'a.id',
      'a.school_id',
      'a.staff_id',
      'a.pupil_id',
      'a.guardian_id',
      'a.booked_by',
      'a.site_id',
      'a.on_date',
      'a.starts_at',
      'a.ends_at',
      'a.reason',
      'a.reason_private',
      'a.status',
      'a.cancelled_at',
      'a.cancel_reason',
      'a.arrived_at',
      'st.first_name as staff_first_name',
      'st.last_name as staff_last_name',
      'pu.first_name as pupil_first_name',
      'pu.last_name as pupil_last_name',
      'gu.first_name as guardian_first_name',
      'gu.last_name as guardian_last_name',
      's.name as site_name',
      'r.label as room_label',
    ])
    .orderBy('a.on_date')
    .orderBy('a.starts_at');
}
export type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentQuery>['execute']>>[number];

export function getAppointment(db: Executor, id: string) {
  return appointmentQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export function findAppointmentsOfStaff(db: Executor, staffId: string, from: string, to: string) {
  return appointmentQuery(db)
    .where('a.staff_id', '=', staffId)
    .where('a.on_date', '>=', from)
    .where('a.on_date', '<=', to)
    .execute();
}

export function findAppointmentsOfPupils(db: Executor, pupilIds: string[], from: string, to: string) {
  if (pupilIds.length === 0) return Promise.resolve([]);
  return appointmentQuery(db)
    .where('a.pupil_id', 'in', pupilIds)
    .where('a.on_date', '>=', from)
    .where('a.on_date', '<=', to)
    .execute();
}

export function findAppointmentsOfSite(db: Executor, schoolId: string, siteId: string, date: string) {
  return appointmentQuery(db)
    .where('a.school_id', '=', schoolId)
    .where('a.site_id', '=', siteId)
    .where('a.on_date', '=', date)
    .execute();
}

export function cancelAppointment(db: Executor, id: string, p: { at: string; by: string; reason: string }) {
  return db
    .updateTable('appointments')
    .set({ status: 'cancelled', active_slot: null, cancelled_at: p.at, cancelled_by: p.by, cancel_reason: p.reason })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
}

export function markArrived(db: Executor, id: string, at: string) {
  return db
    .updateTable('appointments')
    .set({ arrived_at: at })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .where('arrived_at', 'is', null)
    .executeTakeFirst();
}

// ------------------------------------------------------------------------------------------ desk

export function findVisits(db: Executor, schoolId: string, siteId: string, from: string, to: string) {
  return db
    .selectFrom('reception_visits')
    .select(['id', 'site_id', 'visitor_name', 'visiting', 'arrived_at', 'left_at'])
    .where('school_id', '=', schoolId)
    .where('site_id', '=', siteId)
    .where('arrived_at', '>=', from)
    .where('arrived_at', '<', to)
    .orderBy('arrived_at', 'desc')
    .execute();
}

export function getVisit(db: Executor, id: string) {
  return db.selectFrom('reception_visits').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertVisit(db: Executor, row: import('../../db/types.ts').ReceptionVisitTable) {
  return db.insertInto('reception_visits').values(row).execute();
}

export function markVisitLeft(db: Executor, id: string, at: string) {
  return db
    .updateTable('reception_visits')
    .set({ left_at: at })
    .where('id', '=', id)
    .where('left_at', 'is', null)
    .execute();
}

/** Deletes visitor-log entries that arrived before `before` (an instant); returns how many. */
export async function deleteVisitsBefore(db: Executor, schoolId: string, before: string) {
  const res = await db
    .deleteFrom('reception_visits')
    .where('school_id', '=', schoolId)
    .where('arrived_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export function findSchoolIds(db: Executor) {
  return db.selectFrom('schools').select('id').execute();
}

export function insertDeparture(db: Executor, row: import('../../db/types.ts').EarlyDepartureTable) {
  return db.insertInto('early_departures').values(row).execute();
}

export function findDepartures(db: Executor, schoolId: string, siteId: string, from: string, to: string) {
  return db
    .selectFrom('early_departures as d')
    .innerJoin('people as pu', 'pu.id', 'd.pupil_id')
    .innerJoin('people as co', 'co.id', 'd.collected_by')
    .select([
      'd.id',
      'd.site_id',
      'd.pupil_id',
      'd.reason',
      'd.left_at',
      'pu.first_name as pupil_first_name',
      'pu.last_name as pupil_last_name',
      'co.id as collector_id',
      'co.first_name as collector_first_name',
      'co.last_name as collector_last_name',
    ])
    .where('d.school_id', '=', schoolId)
    .where('d.site_id', '=', siteId)
    .where('d.left_at', '>=', from)
    .where('d.left_at', '<', to)
    .orderBy('d.left_at', 'desc')
    .execute();
}

// ------------------------------------------------------------------------------------------ information

export function findInfoPages(db: Executor, schoolId: string) {
  return db
    .selectFrom('sites as s')
    .leftJoin('info_pages as i', 'i.site_id', 's.id')
    .select(['s.id as site_id', 's.name as site_name', 's.address', 'i.body_html', 'i.updated_at'])
    .where('s.school_id', '=', schoolId)
    .orderBy('s.name')
    .execute();
}

export async function upsertInfoPage(
  db: Executor,
  p: { id: string; schoolId: string; siteId: string; bodyHtml: string; at: string; by: string },
) {
  const row = { body_html: p.bodyHtml, updated_at: p.at, updated_by: p.by };
  await db
    .insertInto('info_pages')
    .values({ id: p.id, school_id: p.schoolId, site_id: p.siteId, ...row })
    .onConflict((oc) => oc.column('site_id').doUpdateSet(row))
    .execute();
}

export function getSite(db: Executor, siteId: string) {
  return db.selectFrom('sites').select(['id', 'school_id', 'name']).where('id', '=', siteId).executeTakeFirst();
}

export function getSchoolName(db: Executor, schoolId: string) {
  return db.selectFrom('schools').select(['id', 'name']).where('id', '=', schoolId).executeTakeFirst();
}

export function searchPupilsById(db: Executor, pupilId: string) {
  return db.selectFrom('people').select(['first_name', 'last_name']).where('id', '=', pupilId).executeTakeFirst();
}
