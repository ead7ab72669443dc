import type { Db } from '../src/server/db/types.ts';
import { todayInParis } from '../src/server/lib/dates.ts';
import { newId, nowIso } from '../src/server/lib/ids.ts';
import { hashPassword } from '../src/server/lib/passwords.ts';
import type { ProfileKind, StaffFunction } from '../src/server/lib/policy.ts';

export const TEST_PASSWORD = 'un mot de passe de test';
let passwordHash: Promise<string> | undefined;
const testHash = () => {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
};

let counter = 0;
const seq = () => ++counter;

/** School years run from 1 September to 31 August around today. */
function yearBounds() {
  const today = todayInParis();
  const y = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? y : y - 1;
  return { label: `${start}-${start + 1}`, starts_on: `${start}-09-01`, ends_on: `${start + 1}-08-31` };
}

export interface SchoolFixture {
  id: string;
  yearId: string;
  siteId: string;
}

export async function makeSchool(db: Db, o: { name?: string } = {}): Promise<SchoolFixture> {
  const n = seq();
  const id = newId();
  await db
    .insertInto('schools')
    .values({
      id,
      uai: `093${String(n).padStart(4, '0')}X`,
      name: o.name ?? `Collège Test ${n}`,
      town: 'Aulnay-sous-Bois',
      academie: 'Créteil',
      holiday_zone: 'C',
      created_at: nowIso(),
    })
    .execute();
  const yearId = newId();
  await db
    .insertInto('school_years')
    .values({ id: yearId, school_id: id, ...yearBounds() })
    .execute();
  const siteId = newId();
  await db
    .insertInto('sites')
    .values({ id: siteId, school_id: id, name: 'Site principal', address: '1 rue du Parc', network_ranges: '[]' })
    .execute();
  return { id, yearId, siteId };
}

export async function makeClass(db: Db, school: SchoolFixture, o: { code?: string; level?: string } = {}) {
  const id = newId();
  const code = o.code ?? `${o.level ?? '6'}${String.fromCharCode(65 + (seq() % 26))}${seq()}`;
  await db
    .insertInto('classes')
    .values({
      id,
      school_id: school.id,
      school_year_id: school.yearId,
      site_id: school.siteId,
      code,
      label: code,
      level: o.level ?? '6e',
    })
    .execute();
  return { id, code };
}

export async function makeSubject(db: Db, school: SchoolFixture, o: { code?: string; label?: string } = {}) {
  const id = newId();
  const n = seq();
  await db
    .insertInto('subjects')
    .values({ id, school_id: school.id, code: o.code ?? `MAT${n}`, label: o.label ?? `Matière ${n}` })
    .execute();
  return { id };
}

export interface PersonFixture {
  id: string;
  login: string;
  password: string;
}

export async function makePerson(
  db: Db,
  o: {
    schoolId?: string;
    profiles?: ProfileKind[];
    functions?: StaffFunction[];
    password?: boolean;
    firstName?: string;
    lastName?: string;
    deploymentAdmin?: boolean;
    disabled?: boolean;
  } = {},
): Promise<PersonFixture> {
  const n = seq();
  const id = newId();
  const login = `user${n}.${id.slice(0, 6)}`;
  await db
    .insertInto('people')
    .values({
      id,
      login,
      first_name: o.firstName ?? `Prénom${n}`,
      last_name: o.lastName ?? `Nom${n}`,
      birth_date: null,
      email: null,
      password_hash: o.password === false ? null : await testHash(),
      activation_code_hash: null,
      activation_expires_at: null,
      locale: 'fr',
      is_deployment_admin: o.deploymentAdmin ? 1 : 0,
      disabled_at: o.disabled ? nowIso() : null,
      external_id: null,
      created_at: nowIso(),
    })
    .execute();
  if (o.schoolId) {
    for (const kind of o.profiles ?? []) {
      await db.insertInto('profiles').values({ id: newId(), person_id: id, school_id: o.schoolId, kind }).execute();
    }
    for (const fn of o.functions ?? []) {
      await db
        .insertInto('staff_functions')
        .values({ id: newId(), person_id: id, school_id: o.schoolId, function: fn })
        .execute();
    }
  }
  return { id, login, password: TEST_PASSWORD };
}

export async function makePupil(db: Db, school: SchoolFixture, o: { classId?: string; firstName?: string } = {}) {
  const pupil = await makePerson(db, { schoolId: school.id, profiles: ['pupil'], firstName: o.firstName });
  const classId = o.classId ?? (await makeClass(db, school)).id;
  await db
    .insertInto('class_memberships')
    .values({ id: newId(), pupil_id: pupil.id, class_id: classId, starts_on: '2000-01-01', ends_on: null })
    .execute();
  return { ...pupil, classId };
}

export async function makeGuardian(
  db: Db,
  o: {
    children: Array<{ id: string; schoolId: string }>;
    responsibility?: 'legal1' | 'legal2' | 'contact';
    courtRestricted?: boolean;
  },
) {
  const first = o.children[0];
  const g = await makePerson(db, first ? { schoolId: first.schoolId, profiles: ['guardian'] } : {});
  const schools = new Set(o.children.map((c) => c.schoolId));
  for (const schoolId of schools) {
    if (schoolId === first?.schoolId) continue;
    await db
      .insertInto('profiles')
      .values({ id: newId(), person_id: g.id, school_id: schoolId, kind: 'guardian' })
      .execute();
  }
  for (const child of o.children) {
    await db
      .insertInto('guardianships')
      .values({
        id: newId(),
        guardian_id: g.id,
        pupil_id: child.id,
        responsibility: o.responsibility ?? 'legal1',
        lives_with: 1,
        receives_mail: 1,
        may_collect: 1,
        court_restricted: o.courtRestricted ? 1 : 0,
      })
      .execute();
  }
  return g;
}

export async function makeTeacher(
  db: Db,
  school: SchoolFixture,
  o: { classIds?: string[]; principalOf?: string[] } = {},
) {
  const t = await makePerson(db, { schoolId: school.id, profiles: ['teacher'] });
  const subject = await makeSubject(db, school);
  for (const classId of o.classIds ?? []) {
    await db
      .insertInto('teaching_assignments')
      .values({
        id: newId(),
        school_id: school.id,
        school_year_id: school.yearId,
        teacher_id: t.id,
        class_id: classId,
        group_id: null,
        subject_id: subject.id,
      })
      .execute();
  }
  for (const classId of o.principalOf ?? []) {
    await db.insertInto('class_principals').values({ id: newId(), class_id: classId, teacher_id: t.id }).execute();
  }
  return { ...t, subjectId: subject.id };
}

export const makeStaff = (db: Db, school: SchoolFixture, functions: StaffFunction[]) =>
  makePerson(db, { schoolId: school.id, profiles: ['staff'], functions });

/** Links an existing guardian to one more child (e.g. one link court-restricted, another not). */
export async function linkGuardian(
  db: Db,
  guardianId: string,
  child: { id: string; schoolId: string },
  o: { responsibility?: 'legal1' | 'legal2' | 'contact'; courtRestricted?: boolean } = {},
) {
  const existing = await db
    .selectFrom('profiles')
    .select('id')
    .where('person_id', '=', guardianId)
    .where('school_id', '=', child.schoolId)
    .where('kind', '=', 'guardian')
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('profiles')
      .values({ id: newId(), person_id: guardianId, school_id: child.schoolId, kind: 'guardian' })
      .execute();
  }
  await db
    .insertInto('guardianships')
    .values({
      id: newId(),
      guardian_id: guardianId,
      pupil_id: child.id,
      responsibility: o.responsibility ?? 'legal1',
      lives_with: 1,
      receives_mail: 1,
      may_collect: 1,
      court_restricted: o.courtRestricted ? 1 : 0,
    })
    .execute();
}

/** A group of the school year with these pupils as members from 2000-01-01 (for cahier de textes tests). */
export async function makeGroup(db: Db, school: SchoolFixture, o: { pupilIds?: string[]; code?: string } = {}) {
  const id = newId();
  const code = o.code ?? `GR${seq()}`;
  await db
    .insertInto('groups')
    .values({ id, school_id: school.id, school_year_id: school.yearId, code, label: code, kind: 'option' })
    .execute();
  for (const pupilId of o.pupilIds ?? []) {
    await db
      .insertInto('group_memberships')
      .values({ id: newId(), group_id: id, pupil_id: pupilId, starts_on: '2000-01-01', ends_on: null })
      .execute();
  }
  return { id, code };
}

/**
 * A weekly timetable course (courses + course_teachers + course_groups), valid the whole school year unless
 * told otherwise. `weekday` is ISO (1 = Monday).
 */
export async function makeCourse(
  db: Db,
  school: SchoolFixture,
  o: {
    teacherIds: string[];
    classId?: string | null;
    groupIds?: string[];
    subjectId?: string;
    weekday?: number;
    startsAt?: string;
    endsAt?: string;
    weeks?: 'all' | 'A' | 'B';
    validFrom?: string;
    validTo?: string;
  },
) {
  const year = await db
    .selectFrom('school_years')
    .select(['starts_on', 'ends_on'])
    .where('id', '=', school.yearId)
    .executeTakeFirstOrThrow();
  const id = newId();
  const subjectId = o.subjectId ?? (await makeSubject(db, school)).id;
  const now = nowIso();
  await db
    .insertInto('courses')
    .values({
      id,
      school_id: school.id,
      school_year_id: school.yearId,
      subject_id: subjectId,
      class_id: o.classId ?? null,
      room_id: null,
      weekday: o.weekday ?? 1,
      starts_at: o.startsAt ?? '08:00',
      ends_at: o.endsAt ?? '09:00',
      weeks: o.weeks ?? 'all',
      valid_from: o.validFrom ?? year.starts_on,
      valid_to: o.validTo ?? year.ends_on,
      source: 'manual',
      external_key: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const teacherId of o.teacherIds) {
    await db.insertInto('course_teachers').values({ course_id: id, teacher_id: teacherId }).execute();
  }
  for (const groupId of o.groupIds ?? []) {
    await db.insertInto('course_groups').values({ course_id: id, group_id: groupId }).execute();
  }
  return { id, subjectId };
}

/** A change to one session of a course (cancelled, replaced, moved). */
export async function makeSessionChange(
  db: Db,
  school: SchoolFixture,
  o: {
    courseId: string;
    sessionDate: string;
    cancelled?: boolean;
    replacementTeacherId?: string;
    newDate?: string;
  },
) {
  const id = newId();
  await db
    .insertInto('session_changes')
    .values({
      id,
      school_id: school.id,
      course_id: o.courseId,
      session_date: o.sessionDate,
      cancelled: o.cancelled ? 1 : 0,
      new_date: o.newDate ?? null,
      new_starts_at: null,
      new_ends_at: null,
      room_id: null,
      replacement_teacher_id: o.replacementTeacherId ?? null,
      reason: 'Test',
      changed_by: null,
      changed_at: nowIso(),
    })
    .execute();
  return { id };
}

/**
 * An attendance event stored directly (a roll-call absence by default, unexplained). `reasonCode` picks the
 * school's reason by code (the default reasons are created first).
 */
export async function makeAttendanceEvent(
  db: Db,
  school: SchoolFixture,
  o: {
    pupilId: string;
    date: string;
    dateTo?: string;
    half?: 'am' | 'pm';
    halfTo?: 'am' | 'pm';
    kind?: 'absence' | 'lateness' | 'early_departure';
    source?: 'roll_call' | 'vie_scolaire';
    status?: 'none' | 'pending' | 'accepted' | 'refused';
    reasonCode?: string;
    minutesLate?: number;
    comment?: string;
  },
) {
  const { ensureReasons } = await import('../src/server/modules/attendance/attendance.reasons.ts');
  const reasons = await ensureReasons(db, school.id);
  const reason = o.reasonCode ? reasons.find((r) => r.code === o.reasonCode) : undefined;
  const id = newId();
  const now = nowIso();
  const half = o.half ?? 'am';
  await db
    .insertInto('attendance_events')
    .values({
      id,
      school_id: school.id,
      pupil_id: o.pupilId,
      kind: o.kind ?? 'absence',
      source: o.source ?? 'roll_call',
      session_key: null,
      course_id: null,
      starts_at: half === 'am' ? '08:00' : '14:00',
      ends_at: half === 'am' ? '09:00' : '15:00',
      date_from: o.date,
      half_from: half,
      date_to: o.dateTo ?? o.date,
      half_to: o.halfTo ?? half,
      minutes_late: o.kind === 'lateness' ? (o.minutesLate ?? 10) : null,
      left_at: null,
      collected_by_guardian_id: null,
      collected_by_name: null,
      reason_id: reason?.id ?? null,
      justification_status: o.status ?? 'none',
      comment: o.comment ?? '',
      notified_at: null,
      created_by: null,
      created_at: now,
      updated_by: null,
      updated_at: now,
      version: 1,
    })
    .execute();
  return { id };
}

/** A period of the school's year (default: a trimester from 30 days ago to 60 days ahead, so today is inside). */
export async function makePeriod(
  db: Db,
  school: SchoolFixture,
  o: { number?: number; label?: string; startsOn?: string; endsOn?: string } = {},
) {
  const shift = (days: number) => {
    const d = new Date(`${todayInParis()}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const id = newId();
  const number = o.number ?? 1;
  await db
    .insertInto('periods')
    .values({
      id,
      school_id: school.id,
      school_year_id: school.yearId,
      kind: 'trimestre',
      number,
      label: o.label ?? `${number === 1 ? '1er' : `${number}e`} trimestre`,
      starts_on: o.startsOn ?? shift(-30),
      ends_on: o.endsOn ?? shift(60),
    })
    .execute();
  return { id, startsOn: o.startsOn ?? shift(-30), endsOn: o.endsOn ?? shift(60) };
}
