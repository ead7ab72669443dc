import { sql } from 'kysely';
import type { Db, Executor } from '../../db/types.ts';
import type { ServiceCounter, VisitCounter } from './usage.recorder.ts';

const CHUNK = 200;
const n = (v: number | string | bigint | null | undefined) => Number(v ?? 0);

export function sitesOf(db: Executor, schoolId: string) {
  return db.selectFrom('sites').select(['id', 'name', 'network_ranges']).where('school_id', '=', schoolId).execute();
}

/** Adds counters to the stored ones (insert or add), in one transaction. Additive: safe from several processes. */
export async function addCounters(db: Db, visits: VisitCounter[], services: ServiceCounter[]) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < visits.length; i += CHUNK) {
      await trx
        .insertInto('usage_visits')
        .values(
          visits.slice(i, i + CHUNK).map((c) => ({
            school_id: c.schoolId,
            day: c.day,
            hour: c.hour,
            place: c.place,
            profile: c.profile,
            visits: c.visits,
            active_seconds: c.activeSeconds,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['school_id', 'day', 'hour', 'place', 'profile']).doUpdateSet({
            visits: sql`usage_visits.visits + excluded.visits`,
            active_seconds: sql`usage_visits.active_seconds + excluded.active_seconds`,
          }),
        )
        .execute();
    }
    for (let i = 0; i < services.length; i += CHUNK) {
      await trx
        .insertInto('usage_services')
        .values(
          services.slice(i, i + CHUNK).map((c) => ({
            school_id: c.schoolId,
            day: c.day,
            hour: c.hour,
            place: c.place,
            profile: c.profile,
            family: c.family,
            uses: c.uses,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['school_id', 'day', 'hour', 'place', 'profile', 'family'])
            .doUpdateSet({ uses: sql`usage_services.uses + excluded.uses` }),
        )
        .execute();
    }
  });
}

/** Deletes counters of days before `cutoff` (retention). */
export async function purgeBefore(db: Executor, cutoff: string) {
  await db.deleteFrom('usage_services').where('day', '<', cutoff).execute();
  await db.deleteFrom('usage_visits').where('day', '<', cutoff).execute();
}

interface Range {
  schoolId: string;
  from: string;
  to: string;
}

export async function visitsPerDay(db: Executor, r: Range) {
  const rows = await db
    .selectFrom('usage_visits')
    .select([
      'day',
      (eb) => eb.fn.sum<number>('visits').as('visits'),
      (eb) => eb.fn.sum<number>('active_seconds').as('secs'),
    ])
    .where('school_id', '=', r.schoolId)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .groupBy('day')
    .orderBy('day')
    .execute();
  return rows.map((x) => ({ day: x.day, visits: n(x.visits), activeSeconds: n(x.secs) }));
}

export async function visitsPerDayHour(db: Executor, r: Range) {
  const rows = await db
    .selectFrom('usage_visits')
    .select(['day', 'hour', (eb) => eb.fn.sum<number>('visits').as('visits')])
    .where('school_id', '=', r.schoolId)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .groupBy(['day', 'hour'])
    .execute();
  return rows.map((x) => ({ day: x.day, hour: n(x.hour), visits: n(x.visits) }));
}

export async function visitsPerPlaceProfile(db: Executor, r: Range) {
  const rows = await db
    .selectFrom('usage_visits')
    .select([
      'place',
      'profile',
      (eb) => eb.fn.sum<number>('visits').as('visits'),
      (eb) => eb.fn.sum<number>('active_seconds').as('secs'),
    ])
    .where('school_id', '=', r.schoolId)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .groupBy(['place', 'profile'])
    .execute();
  return rows.map((x) => ({ place: x.place, profile: x.profile, visits: n(x.visits), activeSeconds: n(x.secs) }));
}

export async function usesPerFamilyProfile(db: Executor, r: Range) {
  const rows = await db
    .selectFrom('usage_services')
    .select(['family', 'profile', (eb) => eb.fn.sum<number>('uses').as('uses')])
    .where('school_id', '=', r.schoolId)
    .where('day', '>=', r.from)
    .where('day', '<=', r.to)
    .groupBy(['family', 'profile'])
    .execute();
  return rows.map((x) => ({ family: x.family, profile: x.profile, uses: n(x.uses) }));
}

/** Pupils of each class on `day` and how many have activated their account. */
export async function pupilActivationByClass(db: Executor, schoolId: string, day: string) {
  const rows = await db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .innerJoin('class_memberships as m', 'm.class_id', 'c.id')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select([
      'c.id',
      'c.label',
      'c.level',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.count<number>('p.password_hash').as('active'),
    ])
    .where('c.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .where('p.disabled_at', 'is', null)
    .groupBy(['c.id', 'c.label', 'c.level'])
    .orderBy('c.label')
    .execute();
  return rows.map((x) => ({ classId: x.id, label: x.label, level: x.level, total: n(x.total), active: n(x.active) }));
}

/** Guardians of each class's pupils on `day` (a guardian of two pupils of one class counts once). */
export async function guardianActivationByClass(db: Executor, schoolId: string, day: string) {
  const rows = await db
    .selectFrom('classes as c')
    .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
    .innerJoin('class_memberships as m', 'm.class_id', 'c.id')
    .innerJoin('guardianships as g', 'g.pupil_id', 'm.pupil_id')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select([
      'c.id',
      (eb) => eb.fn.count<number>('p.id').distinct().as('total'),
      (eb) => eb.fn.count<number>(sql`case when p.password_hash is not null then p.id end`).distinct().as('active'),
    ])
    .where('c.school_id', '=', schoolId)
    .where('y.starts_on', '<=', day)
    .where('y.ends_on', '>=', day)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .where('g.responsibility', '!=', 'contact')
    .where('p.disabled_at', 'is', null)
    .groupBy('c.id')
    .execute();
  return new Map(rows.map((x) => [x.id, { total: n(x.total), active: n(x.active) }]));
}

/** Staff and teachers of the school and how many have activated their account. */
export async function staffActivation(db: Executor, schoolId: string) {
  const rows = await db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select([
      'pr.kind',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.count<number>('p.password_hash').as('active'),
    ])
    .where('pr.school_id', '=', schoolId)
    .where('pr.kind', 'in', ['teacher', 'staff'])
    .where('p.disabled_at', 'is', null)
    .groupBy('pr.kind')
    .execute();
  return rows.map((x) => ({ kind: x.kind, total: n(x.total), active: n(x.active) }));
}

/** People of one class who have never activated their account: its pupils and their legal guardians. */
export async function notActivatedOfClass(db: Executor, classId: string, day: string) {
  const pupils = await db
    .selectFrom('class_memberships as m')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      sql<string>`'pupil'`.as('kind'),
      sql<string | null>`null`.as('pupil_name'),
    ])
    .where('m.class_id', '=', classId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .where('p.password_hash', 'is', null)
    .where('p.disabled_at', 'is', null)
    .execute();
  const guardians = await db
    .selectFrom('class_memberships as m')
    .innerJoin('guardianships as g', 'g.pupil_id', 'm.pupil_id')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .innerJoin('people as child', 'child.id', 'm.pupil_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.phone',
      'child.first_name as child_first',
      'child.last_name as child_last',
    ])
    .where('m.class_id', '=', classId)
    .where('m.starts_on', '<=', day)
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', day)]))
    .where('g.responsibility', '!=', 'contact')
    .where('p.password_hash', 'is', null)
    .where('p.disabled_at', 'is', null)
    .execute();
  return { pupils, guardians };
}

export function findClass(db: Executor, classId: string) {
  return db.selectFrom('classes').select(['id', 'school_id', 'label']).where('id', '=', classId).executeTakeFirst();
}

/** Homework due in the range: ticks made by pupils against ticks possible (pupils of the class or group). */
export async function homeworkTicks(db: Executor, r: Range) {
  const done = await db
    .selectFrom('homework_done as d')
    .innerJoin('homework as h', 'h.id', 'd.homework_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('h.school_id', '=', r.schoolId)
    .where('h.status', '=', 'published')
    .where('h.due_date', '>=', r.from)
    .where('h.due_date', '<=', r.to)
    .executeTakeFirst();
  const viaClass = await db
    .selectFrom('homework as h')
    .innerJoin('class_memberships as m', 'm.class_id', 'h.class_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('h.school_id', '=', r.schoolId)
    .where('h.status', '=', 'published')
    .where('h.due_date', '>=', r.from)
    .where('h.due_date', '<=', r.to)
    .whereRef('m.starts_on', '<=', 'h.due_date')
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', eb.ref('h.due_date'))]))
    .executeTakeFirst();
  const viaGroup = await db
    .selectFrom('homework as h')
    .innerJoin('group_memberships as m', 'm.group_id', 'h.group_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('h.school_id', '=', r.schoolId)
    .where('h.status', '=', 'published')
    .where('h.due_date', '>=', r.from)
    .where('h.due_date', '<=', r.to)
    .whereRef('m.starts_on', '<=', 'h.due_date')
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', eb.ref('h.due_date'))]))
    .executeTakeFirst();
  return { done: n(done?.n), possible: n(viaClass?.n) + n(viaGroup?.n) };
}

/** Report cards published in the range, and how many at least one of the pupil's guardians has opened. */
export async function reportCardsRead(db: Executor, r: Range & { nowIso: string }) {
  const row = await db
    .selectFrom('report_cards as rc')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) =>
        eb.fn
          .count<number>(
            sql`case when exists (select 1 from report_card_reads rr inner join guardianships g on g.guardian_id = rr.person_id and g.pupil_id = rc.pupil_id where rr.report_card_id = rc.id) then 1 end`,
          )
          .as('read'),
    ])
    .where('rc.school_id', '=', r.schoolId)
    .where('rc.publish_at', '<=', r.nowIso)
    .where('rc.publish_at', '>=', `${r.from}T00:00:00.000Z`)
    .where('rc.publish_at', '<=', `${r.to}T23:59:59.999Z`)
    .executeTakeFirst();
  return { total: n(row?.total), read: n(row?.read) };
}

/** Justifications accepted in the range, and how many a guardian sent online. */
export async function justificationsOnline(db: Executor, r: Range) {
  const row = await db
    .selectFrom('justifications as j')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) =>
        eb.fn
          .count<number>(
            sql`case when exists (select 1 from guardianships g where g.guardian_id = j.submitted_by and g.pupil_id = j.pupil_id) then 1 end`,
          )
          .as('online'),
    ])
    .where('j.school_id', '=', r.schoolId)
    .where('j.kind', '=', 'justification')
    .where('j.status', '=', 'accepted')
    .where('j.submitted_at', '>=', `${r.from}T00:00:00.000Z`)
    .where('j.submitted_at', '<=', `${r.to}T23:59:59.999Z`)
    .executeTakeFirst();
  return { total: n(row?.total), online: n(row?.online) };
}

/** Every school side by side over a range: visits, active time, uses per family. */
export async function schoolsVisits(db: Executor, from: string, to: string) {
  const rows = await db
    .selectFrom('usage_visits')
    .select([
      'school_id',
      'profile',
      (eb) => eb.fn.sum<number>('visits').as('visits'),
      (eb) => eb.fn.sum<number>('active_seconds').as('secs'),
    ])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['school_id', 'profile'])
    .execute();
  return rows.map((x) => ({
    schoolId: x.school_id,
    profile: x.profile,
    visits: n(x.visits),
    activeSeconds: n(x.secs),
  }));
}

export async function schoolsUses(db: Executor, from: string, to: string) {
  const rows = await db
    .selectFrom('usage_services')
    .select(['school_id', 'family', (eb) => eb.fn.sum<number>('uses').as('uses')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['school_id', 'family'])
    .execute();
  return rows.map((x) => ({ schoolId: x.school_id, family: x.family, uses: n(x.uses) }));
}

/** Every school's accounts per profile and how many are activated. */
export async function schoolsActivation(db: Executor) {
  const rows = await db
    .selectFrom('profiles as pr')
    .innerJoin('people as p', 'p.id', 'pr.person_id')
    .select([
      'pr.school_id',
      'pr.kind',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.count<number>('p.password_hash').as('active'),
    ])
    .where('p.disabled_at', 'is', null)
    .groupBy(['pr.school_id', 'pr.kind'])
    .execute();
  return rows.map((x) => ({ schoolId: x.school_id, kind: x.kind, total: n(x.total), active: n(x.active) }));
}

export function allSchools(db: Executor) {
  return db.selectFrom('schools').select(['id', 'name', 'town', 'uai']).orderBy('name').execute();
}

export function schoolOf(db: Executor, schoolId: string) {
  return db.selectFrom('schools').select(['id', 'name', 'holiday_zone']).where('id', '=', schoolId).executeTakeFirst();
}

/** The school year in force on `day`. */
export function yearOn(db: Executor, schoolId: string, day: string) {
  return db
    .selectFrom('school_years')
    .select(['id', 'label', 'starts_on', 'ends_on'])
    .where('school_id', '=', schoolId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>=', day)
    .executeTakeFirst();
}

/** The classes a teacher teaches in a school: a teaching assignment or a course of the class. */
export async function taughtClasses(db: Executor, schoolId: string, teacherId: string) {
  const viaAssignment = db
    .selectFrom('teaching_assignments as ta')
    .innerJoin('classes as c', 'c.id', 'ta.class_id')
    .select(['c.id', 'c.label'])
    .where('ta.teacher_id', '=', teacherId)
    .where('c.school_id', '=', schoolId);
  const viaCourse = db
    .selectFrom('course_teachers as ct')
    .innerJoin('courses as co', 'co.id', 'ct.course_id')
    .innerJoin('classes as c', 'c.id', 'co.class_id')
    .select(['c.id', 'c.label'])
    .where('ct.teacher_id', '=', teacherId)
    .where('c.school_id', '=', schoolId);
  const rows = await viaAssignment.union(viaCourse).execute();
  return rows.sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));
}

/**
 * Per class, the homework this teacher set for it (published, due in the range): ticks made by its pupils against
 * ticks possible (the class's pupils on the due date).
 */
export async function teacherHomeworkTicks(
  db: Executor,
  r: Range & { teacherId: string; classIds: readonly string[] },
): Promise<Map<string, { done: number; possible: number }>> {
  const out = new Map<string, { done: number; possible: number }>();
  if (r.classIds.length === 0) return out;
  // Kysely builders are immutable: both counts start from the same homework.
  const base = db
    .selectFrom('homework as h')
    .where('h.school_id', '=', r.schoolId)
    .where('h.author_id', '=', r.teacherId)
    .where('h.status', '=', 'published')
    .where('h.class_id', 'in', [...r.classIds])
    .where('h.due_date', '>=', r.from)
    .where('h.due_date', '<=', r.to);
  const done = await base
    .innerJoin('homework_done as d', 'd.homework_id', 'h.id')
    .select(['h.class_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('h.class_id')
    .execute();
  const possible = await base
    .innerJoin('class_memberships as m', 'm.class_id', 'h.class_id')
    .whereRef('m.starts_on', '<=', 'h.due_date')
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', eb.ref('h.due_date'))]))
    .select(['h.class_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('h.class_id')
    .execute();
  const doneOf = new Map(done.map((d) => [d.class_id, n(d.n)]));
  const possibleOf = new Map(possible.map((p) => [p.class_id, n(p.n)]));
  for (const c of r.classIds) out.set(c, { done: doneOf.get(c) ?? 0, possible: possibleOf.get(c) ?? 0 });
  return out;
}

/**
 * Per group, the homework this teacher set for a group (published, due in the range): ticks made by its pupils
 * against ticks possible (the group's members on the due date), with the group's label.
 */
export async function teacherGroupHomeworkTicks(
  db: Executor,
  r: Range & { teacherId: string },
): Promise<Array<{ groupId: string; label: string; done: number; possible: number }>> {
  const base = db
    .selectFrom('homework as h')
    .where('h.school_id', '=', r.schoolId)
    .where('h.author_id', '=', r.teacherId)
    .where('h.status', '=', 'published')
    .where('h.group_id', 'is not', null)
    .where('h.due_date', '>=', r.from)
    .where('h.due_date', '<=', r.to);
  const groups = await base
    .innerJoin('groups as g', 'g.id', 'h.group_id')
    .select(['g.id', 'g.label'])
    .distinct()
    .execute();
  if (groups.length === 0) return [];
  const done = await base
    .innerJoin('homework_done as d', 'd.homework_id', 'h.id')
    .select(['h.group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('h.group_id')
    .execute();
  const possible = await base
    .innerJoin('group_memberships as m', 'm.group_id', 'h.group_id')
    .whereRef('m.starts_on', '<=', 'h.due_date')
    .where((eb) => eb.or([eb('m.ends_on', 'is', null), eb('m.ends_on', '>=', eb.ref('h.due_date'))]))
    .select(['h.group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('h.group_id')
    .execute();
  const doneOf = new Map(done.map((d) => [d.group_id, n(d.n)]));
  const possibleOf = new Map(possible.map((p) => [p.group_id, n(p.n)]));
  return groups
    .map((g) => ({ groupId: g.id, label: g.label, done: doneOf.get(g.id) ?? 0, possible: possibleOf.get(g.id) ?? 0 }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr', { numeric: true }));
}

/** Per class, its report cards published in the range and how many at least one of the pupil's guardians opened. */
export async function reportCardsReadByClass(
  db: Executor,
  r: Range & { nowIso: string; classIds: readonly string[] },
): Promise<Map<string, { read: number; total: number }>> {
  const out = new Map<string, { read: number; total: number }>();
  if (r.classIds.length === 0) return out;
  const rows = await db
    .selectFrom('report_cards as rc')
    .select([
      'rc.class_id',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) =>
        eb.fn
          .count<number>(
            sql`case when exists (select 1 from report_card_reads rr inner join guardianships g on g.guardian_id = rr.person_id and g.pupil_id = rc.pupil_id where rr.report_card_id = rc.id) then 1 end`,
          )
          .as('read'),
    ])
    .where('rc.school_id', '=', r.schoolId)
    .where('rc.class_id', 'in', [...r.classIds])
    .where('rc.publish_at', '<=', r.nowIso)
    .where('rc.publish_at', '>=', `${r.from}T00:00:00.000Z`)
    .where('rc.publish_at', '<=', `${r.to}T23:59:59.999Z`)
    .groupBy('rc.class_id')
    .execute();
  for (const c of r.classIds) out.set(c, { read: 0, total: 0 });
  for (const row of rows) out.set(row.class_id, { read: n(row.read), total: n(row.total) });
  return out;
}
