/** Parent–teacher evenings: direction opens one, families choose teachers, the scheduler gives everyone a time. */
import type { Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, hasProfile } from '../../lib/policy.ts';
import { notify } from '../notifications/notifications.service.ts';
import { hhmmOf, minutesOf } from '../timetable/timetable.calendar.ts';
import { UNKNOWN_TRAVEL_MINUTES } from '../timetable/timetable.conflicts.ts';
import { renderEveningLists } from './evenings.pdf.ts';
import { canOrganiseEvenings } from './evenings.policy.ts';
import * as repo from './evenings.repo.ts';
import { type SchedFamily, type SchedInstance, schedule } from './evenings.scheduler.ts';
import type {
  EveningInput,
  EveningLists,
  EveningPatch,
  EveningTeachersInput,
  RequestsInput,
  TeacherPlace,
} from './evenings.schema.ts';

type EveningRow = NonNullable<Awaited<ReturnType<typeof repo.getEvening>>>;
const person = (id: string, firstName: string, lastName: string) => ({ id, firstName, lastName });

function assertInSchool(actor: Actor, schoolId: string) {
  if (!actor.profiles.some((p) => p.schoolId === schoolId)) throw new AppError('NOT_FOUND', 'School not found');
}

export async function createEvening(db: Executor, actor: Actor, schoolId: string, input: EveningInput) {
  assertInSchool(actor, schoolId);
  assertCan(canOrganiseEvenings(actor, schoolId));
  if (input.startsAt >= input.endsAt)
    throw new AppError('VALIDATION_FAILED', 'An evening ends after it starts', {
      fields: [{ path: 'endsAt', code: 'too_small' }],
    });
  const classes = await repo.findClassesOfSchool(db, schoolId, input.classIds);
  if (classes.length !== new Set(input.classIds).size)
    throw new AppError('VALIDATION_FAILED', 'Unknown class in this school', {
      fields: [{ path: 'classIds', code: 'unknown' }],
    });
  if (input.requestsFrom && input.requestsUntil && input.requestsFrom > input.requestsUntil)
    throw new AppError('VALIDATION_FAILED', 'The request window ends after it starts', {
      fields: [{ path: 'requestsUntil', code: 'too_small' }],
    });
  if (input.requestsUntil && input.requestsUntil > input.date)
    throw new AppError('VALIDATION_FAILED', 'Requests close on the evening at the latest', {
      fields: [{ path: 'requestsUntil', code: 'too_big' }],
    });
  const sites = await db.selectFrom('sites').select('id').where('school_id', '=', schoolId).execute();
  const named = [...new Set([...(input.teacherIds ?? []), ...input.teachers.map((t) => t.teacherId)])];
  const known = new Set((await repo.findTeachersOfSchool(db, schoolId, named)).map((t) => t.person_id));
  if (named.some((id) => !known.has(id)))
    throw new AppError('VALIDATION_FAILED', 'Unknown teacher in this school', {
      fields: [{ path: input.teacherIds?.some((id) => !known.has(id)) ? 'teacherIds' : 'teachers', code: 'unknown' }],
    });
  // A teacher sits at the site of (one of) their classes in the evening unless told otherwise; a teacher chosen
  // without a class there sits at the first class's site.
  const siteOfClass = new Map(classes.map((c) => [c.id, c.site_id]));
  const defaultSite = classes.find((c) => c.site_id)?.site_id ?? sites[0]?.id;
  const siteOfTeacher = new Map<string, string>();
  for (const a of await repo.findTeachersOfClasses(db, input.classIds)) {
    const site = siteOfClass.get(a.class_id!) ?? defaultSite;
    if (site && !siteOfTeacher.has(a.teacher_id)) siteOfTeacher.set(a.teacher_id, site);
  }
  const taking = input.teacherIds ?? [...siteOfTeacher.keys()];
  const teachers = new Map<
    string,
    { siteId: string; roomId: string | null; startsAt: string; endsAt: string; breaks: string }
  >();
  for (const teacherId of taking) {
    const site = siteOfTeacher.get(teacherId) ?? defaultSite;
    if (site)
      teachers.set(teacherId, {
        siteId: site,
        roomId: null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        breaks: '[]',
      });
  }
  for (const [teacherId, place] of await checkTeacherPlaces(db, schoolId, input, input.teachers))
    teachers.set(teacherId, place);
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('parent_evenings')
      .values({
        id,
        school_id: schoolId,
        title: input.title,
        date: input.date,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        slot_minutes: input.slotMinutes,
        status: 'open',
        stats: null,
        created_by: actor.personId,
        created_at: nowIso(),
        scheduled_at: null,
        requests_from: input.requestsFrom,
        requests_until: input.requestsUntil,
      })
      .execute();
    await trx
      .insertInto('parent_evening_classes')
      .values(classes.map((c) => ({ evening_id: id, class_id: c.id })))
      .execute();
    if (teachers.size > 0) {
      await trx
        .insertInto('parent_evening_teachers')
        .values(
          [...teachers].map(([teacherId, t]) => ({
            evening_id: id,
            teacher_id: teacherId,
            site_id: t.siteId,
            room_id: t.roomId,
            starts_at: t.startsAt,
            ends_at: t.endsAt,
            breaks: t.breaks,
          })),
        )
        .execute();
    }
    const guardians = await guardiansOfClasses(
      trx,
      classes.map((c) => c.id),
    );
    await notify(trx, {
      personIds: guardians,
      schoolId,
      kind: 'evening.open',
      title: 'Réunion parents-professeurs',
      body: `${input.title} le ${input.date} : choisissez les professeurs que vous souhaitez rencontrer.`,
      link: `/reunions/${id}`,
      message: { key: 'evening.open', params: { title: input.title, date: input.date } },
    });
  });
  return getEvening(db, actor, id);
}

type PlaceRow = { siteId: string; roomId: string | null; startsAt: string; endsAt: string; breaks: string };

/**
 * Checks teachers' places against the school and the evening: sites and rooms of the school (a room of that site),
 * own hours within the evening's, breaks within the teacher's hours and not overlapping (VALIDATION_FAILED,
 * `teachers`). Gives each place as stored.
 */
async function checkTeacherPlaces(
  db: Executor,
  schoolId: string,
  evening: { startsAt: string; endsAt: string },
  places: readonly TeacherPlace[],
): Promise<Map<string, PlaceRow>> {
  const sites = await db.selectFrom('sites').select('id').where('school_id', '=', schoolId).execute();
  const siteIds = new Set(sites.map((s) => s.id));
  const rooms = await db.selectFrom('rooms').select(['id', 'site_id']).where('school_id', '=', schoolId).execute();
  const siteOfRoom = new Map(rooms.map((r) => [r.id, r.site_id]));
  const out = new Map<string, PlaceRow>();
  for (const t of places) {
    if (!siteIds.has(t.siteId) || (t.roomId && siteOfRoom.get(t.roomId) !== t.siteId))
      throw new AppError('VALIDATION_FAILED', 'Unknown site or room in this school', {
        fields: [{ path: 'teachers', code: 'unknown' }],
      });
    // A teacher's own hours lie within the evening's, and their breaks within their hours, one after the other.
    const from = t.startsAt ?? evening.startsAt;
    const to = t.endsAt ?? evening.endsAt;
    const breaks = [...t.breaks].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const wrong =
      from >= to ||
      from < evening.startsAt ||
      to > evening.endsAt ||
      breaks.some((b) => b.startsAt >= b.endsAt || b.startsAt < from || b.endsAt > to) ||
      breaks.some((b, i) => i > 0 && b.startsAt < breaks[i - 1]!.endsAt);
    if (wrong)
      throw new AppError('VALIDATION_FAILED', 'A teacher’s hours and breaks lie within the evening', {
        fields: [{ path: 'teachers', code: 'hours' }],
      });
    out.set(t.teacherId, {
      siteId: t.siteId,
      roomId: t.roomId,
      startsAt: from,
      endsAt: to,
      breaks: JSON.stringify(breaks),
    });
  }
  return out;
}

/** Guardians who follow the schooling of the classes' pupils (never a court-restricted link). */
async function guardiansOfClasses(db: Executor, classIds: readonly string[]): Promise<string[]> {
  if (classIds.length === 0) return [];
  const rows = await db
    .selectFrom('class_memberships as cm')
    .innerJoin('guardianships as g', 'g.pupil_id', 'cm.pupil_id')
    .select('g.guardian_id')
    .distinct()
    .where('cm.class_id', 'in', [...classIds])
    .where('g.court_restricted', '=', 0)
    .where((eb) => eb.or([eb('g.responsibility', '<>', 'contact'), eb('g.school_access', '=', 1)]))
    .execute();
  return rows.map((r) => r.guardian_id);
}

async function presentSummaries(db: Executor, rows: EveningRow[]) {
  const classes = await repo.findClassesOfEvenings(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    date: r.date,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    slotMinutes: r.slot_minutes,
    status: r.status,
    requestsFrom: r.requests_from,
    requestsUntil: r.requests_until,
    classes: classes.filter((c) => c.evening_id === r.id).map((c) => ({ id: c.id, code: c.code })),
  }));
}

export async function listEvenings(db: Executor, actor: Actor, schoolId: string) {
  assertInSchool(actor, schoolId);
  const all = await repo.findEveningsOfSchool(db, schoolId);
  const visible = new Set<string>();
  if (canOrganiseEvenings(actor, schoolId)) for (const e of all) visible.add(e.id);
  if (hasProfile(actor, schoolId, 'teacher'))
    for (const e of await repo.findEveningIdsOfTeacher(db, actor.personId)) visible.add(e.evening_id);
  if (hasProfile(actor, schoolId, 'guardian')) {
    const children = (await repo.findOwnChildren(db, actor.personId)).map((c) => c.pupil_id);
    for (const e of await repo.findEveningIdsOfPupils(db, schoolId, children)) visible.add(e.id);
  }
  if (visible.size === 0 && !hasProfile(actor, schoolId, 'guardian') && !hasProfile(actor, schoolId, 'teacher'))
    assertCan(canOrganiseEvenings(actor, schoolId));
  return {
    items: await presentSummaries(
      db,
      all.filter((e) => visible.has(e.id)),
    ),
    canCreate: canOrganiseEvenings(actor, schoolId),
  };
}

/** The evening as the caller sees it; NOT_FOUND when it does not concern them. */
export async function getEvening(db: Executor, actor: Actor, id: string) {
  const e = await repo.getEvening(db, id);
  if (!e || !actor.profiles.some((p) => p.schoolId === e.school_id))
    throw new AppError('NOT_FOUND', 'Evening not found');
  const teachers = await repo.findEveningTeachers(db, id);
  const isDirection = canOrganiseEvenings(actor, e.school_id);
  const own = teachers.find((t) => t.teacher_id === actor.personId);
  const children = hasProfile(actor, e.school_id, 'guardian')
    ? await repo.findChildrenInEvening(db, id, actor.personId, e.date)
    : [];
  if (!isDirection && !own && children.length === 0) throw new AppError('NOT_FOUND', 'Evening not found');
  const [summary] = await presentSummaries(db, [e]);
  const siteOf = (t: (typeof teachers)[number]) => ({ id: t.site_id, name: t.site_name });
  const byTeacher = new Map(teachers.map((t) => [t.teacher_id, t]));
  const meeting = (r: Awaited<ReturnType<typeof repo.findRequests>>[number]) => {
    const t = byTeacher.get(r.teacher_id)!;
    return {
      startsAt: r.starts_at!,
      endsAt: r.ends_at!,
      teacher: person(r.teacher_id, r.teacher_first_name, r.teacher_last_name),
      pupil: person(r.pupil_id, r.pupil_first_name, r.pupil_last_name),
      site: siteOf(t),
      room: t.room_label,
    };
  };
  let direction = null;
  if (isDirection) {
    const requests = await repo.findRequests(db, id);
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r.teacher_id, (counts.get(r.teacher_id) ?? 0) + 1);
    direction = {
      teachers: teachers.map((t) => ({
        teacher: person(t.teacher_id, t.first_name, t.last_name),
        site: siteOf(t),
        room: t.room_label,
        roomId: t.room_id,
        startsAt: t.starts_at,
        endsAt: t.ends_at,
        breaks: parseBreaks(t.breaks),
        requests: counts.get(t.teacher_id) ?? 0,
      })),
      families: new Set(requests.map((r) => r.guardian_id)).size,
      requests: requests.length,
      stats: e.stats ? JSON.parse(e.stats) : null,
    };
  }
  let teacher = null;
  if (own) {
    const requests = (await repo.findRequests(db, id, { teacherId: actor.personId })).filter((r) => r.starts_at);
    teacher = {
      site: siteOf(own),
      room: own.room_label,
      meetings:
        e.status === 'scheduled'
          ? requests.map((r) => ({
              ...meeting(r),
              guardian: person(r.guardian_id, r.guardian_first_name, r.guardian_last_name),
            }))
          : [],
    };
  }
  let guardian = null;
  if (children.length > 0) {
    const pairs = await repo.findTeachingPairs(
      db,
      children.map((c) => c.id),
      e.date,
    );
    const requests = await repo.findRequests(db, id, { guardianId: actor.personId });
    const family = (await repo.findFamilies(db, id)).find((f) => f.guardian_id === actor.personId);
    guardian = {
      children: children.map((c) => {
        const ids = new Set(pairs.filter((p) => p.pupil_id === c.id).map((p) => p.teacher_id));
        return {
          pupil: person(c.id, c.first_name, c.last_name),
          teachers: teachers
            .filter((t) => ids.has(t.teacher_id))
            .map((t) => ({ ...person(t.teacher_id, t.first_name, t.last_name), site: siteOf(t) })),
        };
      }),
      arrivesAt: family?.arrives_at ?? null,
      leavesBy: family?.leaves_by ?? null,
      requests: requests.map((r) => ({ pupilId: r.pupil_id, teacherId: r.teacher_id, priority: r.priority === 1 })),
      schedule: e.status === 'scheduled' ? requests.filter((r) => r.starts_at).map(meeting) : [],
    };
  }
  return { ...summary!, direction, teacher, guardian };
}

/**
 * A guardian's choices: teachers of their own children only (the children whose school information the link
 * opens, in the evening's classes), with priorities and the family's arrival and latest times.
 */
export async function saveRequests(db: Executor, actor: Actor, id: string, input: RequestsInput) {
  const e = await repo.getEvening(db, id);
  if (!e || !actor.profiles.some((p) => p.schoolId === e.school_id))
    throw new AppError('NOT_FOUND', 'Evening not found');
  const children = hasProfile(actor, e.school_id, 'guardian')
    ? await repo.findChildrenInEvening(db, id, actor.personId, e.date)
    : [];
  if (children.length === 0) {
    if (canOrganiseEvenings(actor, e.school_id) || hasProfile(actor, e.school_id, 'teacher')) assertCan(false);
    throw new AppError('NOT_FOUND', 'Evening not found');
  }
  if (e.status !== 'open') throw new AppError('EVENING_CLOSED', 'Requests for this evening are closed');
  const today = todayInParis();
  if (e.requests_from && today < e.requests_from)
    throw new AppError('EVENING_NOT_YET_OPEN', `Requests for this evening open on ${e.requests_from}`, {
      opensOn: e.requests_from,
    });
  if (e.requests_until && today > e.requests_until)
    throw new AppError('EVENING_CLOSED', 'Requests for this evening are closed');
  const teachers = new Set((await repo.findEveningTeachers(db, id)).map((t) => t.teacher_id));
  const pairs = new Set(
    (
      await repo.findTeachingPairs(
        db,
        children.map((c) => c.id),
        e.date,
      )
    ).map((p) => `${p.pupil_id}|${p.teacher_id}`),
  );
  const mine = new Set(children.map((c) => c.id));
  input.requests.forEach((r, i) => {
    if (!mine.has(r.pupilId) || !pairs.has(`${r.pupilId}|${r.teacherId}`) || !teachers.has(r.teacherId))
      throw new AppError('VALIDATION_FAILED', 'A request is for a teacher of your child at this evening', {
        fields: [{ path: `requests.${i}`, code: 'unknown' }],
      });
  });
  if (input.arrivesAt && input.leavesBy && input.arrivesAt >= input.leavesBy)
    throw new AppError('VALIDATION_FAILED', 'The latest time is after the arrival time', {
      fields: [{ path: 'leavesBy', code: 'too_small' }],
    });
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('parent_evening_requests')
      .where('evening_id', '=', id)
      .where('guardian_id', '=', actor.personId)
      .execute();
    const unique = new Map(input.requests.map((r) => [`${r.pupilId}|${r.teacherId}`, r]));
    if (unique.size > 0) {
      await trx
        .insertInto('parent_evening_requests')
        .values(
          [...unique.values()].map((r) => ({
            id: newId(),
            evening_id: id,
            guardian_id: actor.personId,
            pupil_id: r.pupilId,
            teacher_id: r.teacherId,
            priority: r.priority ? 1 : 0,
            starts_at: null,
            ends_at: null,
            created_at: now,
          })),
        )
        .execute();
    }
    await trx
      .deleteFrom('parent_evening_families')
      .where('evening_id', '=', id)
      .where('guardian_id', '=', actor.personId)
      .execute();
    await trx
      .insertInto('parent_evening_families')
      .values({
        evening_id: id,
        guardian_id: actor.personId,
        arrives_at: input.arrivesAt,
        leaves_by: input.leavesBy,
        updated_at: now,
      })
      .execute();
  });
  return getEvening(db, actor, id);
}

/**
 * Closes the requests and runs the scheduler: one meeting per family and teacher (a family's children with the same
 * teacher share it), stored on the requests; families and teachers are notified.
 */
export async function runScheduler(db: Executor, actor: Actor, id: string) {
  const e = await repo.getEvening(db, id);
  if (!e || !actor.profiles.some((p) => p.schoolId === e.school_id))
    throw new AppError('NOT_FOUND', 'Evening not found');
  assertCan(canOrganiseEvenings(actor, e.school_id));
  return scheduleEvening(db, e);
}

/** Runs the scheduler on an evening and stores the result (also used by the demo seed). */
export async function scheduleEvening(db: Executor, e: EveningRow) {
  const id = e.id;
  const teachers = await repo.findEveningTeachers(db, id);
  const requests = await repo.findRequests(db, id);
  const families = await repo.findFamilies(db, id);
  const travel = await repo.findTravelTimes(db, e.school_id);
  const travelOf = new Map(travel.map((t) => [`${t.from_site_id}|${t.to_site_id}`, t.minutes]));
  const constraints = new Map(families.map((f) => [f.guardian_id, f]));
  const meetings = new Map<
    string,
    { guardianId: string; teacherId: string; priority: boolean; requestIds: string[] }
  >();
  for (const r of requests) {
    const key = `${r.guardian_id}|${r.teacher_id}`;
    const m = meetings.get(key) ?? {
      guardianId: r.guardian_id,
      teacherId: r.teacher_id,
      priority: false,
      requestIds: [],
    };
    m.priority ||= r.priority === 1;
    m.requestIds.push(r.id);
    meetings.set(key, m);
  }
  const byGuardian = new Map<string, SchedFamily['meetings'][number][]>();
  for (const [key, m] of meetings) {
    byGuardian.set(m.guardianId, [
      ...(byGuardian.get(m.guardianId) ?? []),
      { id: key, teacherId: m.teacherId, priority: m.priority },
    ]);
  }
  const inst: SchedInstance = {
    start: minutesOf(e.starts_at),
    end: minutesOf(e.ends_at),
    slotMinutes: e.slot_minutes,
    teachers: teachers.map((t) => ({
      id: t.teacher_id,
      siteId: t.site_id,
      start: minutesOf(t.starts_at),
      end: minutesOf(t.ends_at),
      breaks: (JSON.parse(t.breaks) as Array<{ startsAt: string; endsAt: string }>).map((b) => ({
        start: minutesOf(b.startsAt),
        end: minutesOf(b.endsAt),
      })),
    })),
    families: [...byGuardian].map(([guardianId, list]) => {
      const c = constraints.get(guardianId);
      return {
        id: guardianId,
        arrives: c?.arrives_at ? minutesOf(c.arrives_at) : null,
        leaves: c?.leaves_by ? minutesOf(c.leaves_by) : null,
        meetings: list,
      };
    }),
    travel: (a, b) => (a === b ? 0 : (travelOf.get(`${a}|${b}`) ?? UNKNOWN_TRAVEL_MINUTES)),
  };
  const result = schedule(inst);
  const stats = { ...result.score, families: inst.families.length };
  const write = async (trx: Executor) => {
    await trx
      .updateTable('parent_evening_requests')
      .set({ starts_at: null, ends_at: null })
      .where('evening_id', '=', id)
      .execute();
    for (const p of result.placements) {
      await trx
        .updateTable('parent_evening_requests')
        .set({ starts_at: hhmmOf(p.start), ends_at: hhmmOf(p.end) })
        .where('id', 'in', meetings.get(p.meetingId)!.requestIds)
        .execute();
    }
    await trx
      .updateTable('parent_evenings')
      .set({ status: 'scheduled', stats: JSON.stringify(stats), scheduled_at: nowIso() })
      .where('id', '=', id)
      .execute();
    const link = `/reunions/${id}`;
    await notify(trx, {
      personIds: inst.families.map((f) => f.id),
      schoolId: e.school_id,
      kind: 'evening.schedule',
      title: 'Votre horaire de réunion parents-professeurs',
      body: `${e.title} le ${e.date} : votre horaire personnel est disponible.`,
      link,
      message: { key: 'evening.schedule', params: { title: e.title, date: e.date } },
    });
    await notify(trx, {
      personIds: teachers.map((t) => t.teacher_id),
      schoolId: e.school_id,
      kind: 'evening.schedule',
      title: 'Votre liste de réunion parents-professeurs',
      body: `${e.title} le ${e.date} : votre liste de familles est disponible.`,
      link,
      message: { key: 'evening.teacherList', params: { title: e.title, date: e.date } },
    });
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  return stats;
}

/** The evening for direction: NOT_FOUND outside the caller's schools, FORBIDDEN for anyone else in the school. */
async function getForDirection(db: Executor, actor: Actor, id: string) {
  const e = await repo.getEvening(db, id);
  if (!e || !actor.profiles.some((p) => p.schoolId === e.school_id))
    throw new AppError('NOT_FOUND', 'Evening not found');
  assertCan(canOrganiseEvenings(actor, e.school_id));
  return e;
}

/**
 * Direction closes the families' choices (`open` → `closed`) or opens them again (`closed` → `open`). Once
 * scheduled an evening stays scheduled: the scheduler may be run again, but choices do not reopen.
 */
export async function setRequestsOpen(db: Executor, actor: Actor, id: string, open: boolean) {
  const e = await getForDirection(db, actor, id);
  if (e.status === 'scheduled')
    throw new AppError('CONFLICT', 'The schedule of this evening is published', { status: e.status });
  await db
    .updateTable('parent_evenings')
    .set({ status: open ? 'open' : 'closed' })
    .where('id', '=', id)
    .execute();
  return getEvening(db, actor, id);
}

/** What direction chooses from when opening an evening: this year's classes, teachers, sites and rooms. */
export async function getOptions(db: Executor, actor: Actor, schoolId: string) {
  assertInSchool(actor, schoolId);
  assertCan(canOrganiseEvenings(actor, schoolId));
  const today = todayInParis();
  const classes = await repo.findCurrentClasses(db, schoolId, today);
  const assignments = await repo.findAssignmentsOfClasses(
    db,
    classes.map((c) => c.id),
  );
  const teachers = await repo.findTeachersOfSchool(db, schoolId);
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .orderBy('name')
    .execute();
  const rooms = await db
    .selectFrom('rooms')
    .select(['id', 'label', 'site_id'])
    .where('school_id', '=', schoolId)
    .orderBy('label')
    .execute();
  return {
    classes: classes.map((c) => ({ id: c.id, code: c.code, level: c.level, siteId: c.site_id })),
    teachers: teachers.map((t) => ({
      ...person(t.person_id, t.first_name, t.last_name),
      classIds: [...new Set(assignments.filter((a) => a.teacher_id === t.person_id).map((a) => a.class_id))],
    })),
    sites,
    rooms: rooms.map((r) => ({ id: r.id, label: r.label, siteId: r.site_id })),
  };
}

/** Direction's printable lists: each teacher's families in time order, each family's schedule and unmet requests. */
export async function getLists(db: Executor, actor: Actor, id: string): Promise<EveningLists> {
  const e = await getForDirection(db, actor, id);
  const teachers = await repo.findEveningTeachers(db, id);
  const requests = await repo.findRequests(db, id);
  const scheduled = e.status === 'scheduled';
  const placed = scheduled ? requests.filter((r) => r.starts_at) : [];
  const byTeacher = new Map(teachers.map((t) => [t.teacher_id, t]));
  const teacherOf = (r: (typeof requests)[number]) => person(r.teacher_id, r.teacher_first_name, r.teacher_last_name);
  const pupilOf = (r: (typeof requests)[number]) => person(r.pupil_id, r.pupil_first_name, r.pupil_last_name);
  const guardianOf = (r: (typeof requests)[number]) =>
    person(r.guardian_id, r.guardian_first_name, r.guardian_last_name);
  const families = new Map<string, (typeof requests)[number][]>();
  for (const r of requests) families.set(r.guardian_id, [...(families.get(r.guardian_id) ?? []), r]);
  const classes = await repo.findClassCodesOfPupils(db, id, [...new Set(requests.map((r) => r.pupil_id))], e.date);
  const classOf = (r: (typeof requests)[number]) => classes.get(r.pupil_id) ?? null;
  return {
    teachers: teachers.map((t) => ({
      teacher: person(t.teacher_id, t.first_name, t.last_name),
      site: { id: t.site_id, name: t.site_name },
      room: t.room_label,
      meetings: placed
        .filter((r) => r.teacher_id === t.teacher_id)
        .map((r) => ({
          startsAt: r.starts_at!,
          endsAt: r.ends_at!,
          pupil: pupilOf(r),
          pupilClass: classOf(r),
          guardian: guardianOf(r),
        })),
    })),
    families: [...families.values()]
      .map((rs) => ({
        guardian: guardianOf(rs[0]!),
        meetings: rs
          .filter((r) => scheduled && r.starts_at)
          .map((r) => {
            const t = byTeacher.get(r.teacher_id);
            return {
              startsAt: r.starts_at!,
              endsAt: r.ends_at!,
              pupil: pupilOf(r),
              pupilClass: classOf(r),
              teacher: teacherOf(r),
              site: { id: t?.site_id ?? '', name: t?.site_name ?? '' },
              room: t?.room_label ?? null,
            };
          }),
        unmet: rs.filter((r) => scheduled && !r.starts_at).map((r) => ({ teacher: teacherOf(r), pupil: pupilOf(r) })),
      }))
      .sort(
        (a, b) =>
          a.guardian.lastName.localeCompare(b.guardian.lastName, 'fr') ||
          a.guardian.firstName.localeCompare(b.guardian.firstName, 'fr'),
      ),
  };
}

/**
 * The lists as a PDF download (same policy as `getLists`: direction only): every teacher's or every family's, or
 * one person's. An id that is not in the lists answers NOT_FOUND.
 */
export async function getListsPdf(
  db: Executor,
  actor: Actor,
  id: string,
  q: { kind: 'teachers' | 'families'; personId?: string | undefined },
): Promise<{ fileName: string; data: Buffer }> {
  const e = await getForDirection(db, actor, id);
  const all = await getLists(db, actor, id);
  const lists: EveningLists = {
    teachers: all.teachers.filter((x) => q.kind === 'teachers' && (!q.personId || x.teacher.id === q.personId)),
    families: all.families.filter((x) => q.kind === 'families' && (!q.personId || x.guardian.id === q.personId)),
  };
  const one = q.kind === 'teachers' ? lists.teachers[0]?.teacher : lists.families[0]?.guardian;
  if (q.personId && !one) throw new AppError('NOT_FOUND', 'Not in this evening’s lists');
  const school = await db.selectFrom('schools').select('name').where('id', '=', e.school_id).executeTakeFirst();
  const data = await renderEveningLists({
    schoolName: school?.name ?? '',
    evening: {
      title: e.title,
      date: e.date,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      scheduled: e.status === 'scheduled',
    },
    lists,
    kind: q.kind,
  });
  const what = one ? `${one.lastName}-${one.firstName}` : q.kind === 'teachers' ? 'professeurs' : 'familles';
  return { fileName: `reunion-${e.date}-${what}.pdf`, data };
}

/**
 * Direction changes an opened evening. Changes that would leave families' choices or meetings without a place are
 * refused rather than undone behind their back: removing a class whose families made requests
 * (`EVENING_HAS_REQUESTS`), hours that leave a published meeting outside, or another slot length once the schedule
 * is published (`EVENING_HAS_SCHEDULE`). A new date or new hours are told to the families of the classes and to
 * the teachers; the families of an added class are invited as at the opening.
 */
export async function updateEvening(db: Executor, actor: Actor, id: string, patch: EveningPatch) {
  const e = await getForDirection(db, actor, id);
  const next = {
    title: patch.title ?? e.title,
    date: patch.date ?? e.date,
    startsAt: patch.startsAt ?? e.starts_at,
    endsAt: patch.endsAt ?? e.ends_at,
    slotMinutes: patch.slotMinutes ?? e.slot_minutes,
    requestsFrom: patch.requestsFrom === undefined ? e.requests_from : patch.requestsFrom,
    requestsUntil: patch.requestsUntil === undefined ? e.requests_until : patch.requestsUntil,
  };
  if (next.startsAt >= next.endsAt)
    throw new AppError('VALIDATION_FAILED', 'An evening ends after it starts', {
      fields: [{ path: 'endsAt', code: 'too_small' }],
    });
  if (next.requestsFrom && next.requestsUntil && next.requestsFrom > next.requestsUntil)
    throw new AppError('VALIDATION_FAILED', 'The request window ends after it starts', {
      fields: [{ path: 'requestsUntil', code: 'too_small' }],
    });
  if (next.requestsUntil && next.requestsUntil > next.date)
    throw new AppError('VALIDATION_FAILED', 'Requests close on the evening at the latest', {
      fields: [{ path: 'requestsUntil', code: 'too_big' }],
    });
  const before = (await repo.findClassesOfEvenings(db, [id])).map((c) => c.id);
  const classIds = patch.classIds ? [...new Set(patch.classIds)] : before;
  const classes = await repo.findClassesOfSchool(db, e.school_id, classIds);
  if (classes.length !== classIds.length)
    throw new AppError('VALIDATION_FAILED', 'Unknown class in this school', {
      fields: [{ path: 'classIds', code: 'unknown' }],
    });
  const removed = before.filter((c) => !classIds.includes(c));
  const added = classIds.filter((c) => !before.includes(c));
  const requests = await repo.findRequests(db, id);
  if (removed.length > 0 && requests.length > 0) {
    const classesOfPupils = await repo.findClassIdsOfPupils(
      db,
      [...new Set(requests.map((r) => r.pupil_id))],
      next.date,
    );
    const hit = removed.filter((c) => classesOfPupils.some((x) => x.class_id === c));
    if (hit.length > 0)
      throw new AppError('EVENING_HAS_REQUESTS', 'Families of these classes made requests', { classIds: hit });
  }
  const placed = requests.filter((r) => r.starts_at && r.ends_at);
  if (placed.length > 0) {
    if (next.slotMinutes !== e.slot_minutes)
      throw new AppError('EVENING_HAS_SCHEDULE', 'The schedule is published: the slot length stays', {
        field: 'slotMinutes',
      });
    const outside = placed.filter((r) => r.starts_at! < next.startsAt || r.ends_at! > next.endsAt);
    if (outside.length > 0)
      throw new AppError('EVENING_HAS_SCHEDULE', 'Published meetings would fall outside the hours', {
        field: 'hours',
        meetings: outside.length,
      });
  }
  const moved = next.date !== e.date || next.startsAt !== e.starts_at || next.endsAt !== e.ends_at;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('parent_evenings')
      .set({
        title: next.title,
        date: next.date,
        starts_at: next.startsAt,
        ends_at: next.endsAt,
        slot_minutes: next.slotMinutes,
        requests_from: next.requestsFrom,
        requests_until: next.requestsUntil,
      })
      .where('id', '=', id)
      .execute();
    // Teachers' own hours stay within the evening's; those who had the evening's hours keep following them.
    for (const t of await repo.findEveningTeachers(trx, id)) {
      const follows = t.starts_at === e.starts_at && t.ends_at === e.ends_at;
      // 'HH:MM' strings: compared as text, not numbers.
      let startsAt = follows || t.starts_at.localeCompare(next.startsAt) < 0 ? next.startsAt : t.starts_at;
      let endsAt = follows || t.ends_at.localeCompare(next.endsAt) > 0 ? next.endsAt : t.ends_at;
      if (startsAt >= endsAt) [startsAt, endsAt] = [next.startsAt, next.endsAt];
      if (startsAt !== t.starts_at || endsAt !== t.ends_at)
        await trx
          .updateTable('parent_evening_teachers')
          .set({ starts_at: startsAt, ends_at: endsAt })
          .where('evening_id', '=', id)
          .where('teacher_id', '=', t.teacher_id)
          .execute();
    }
    if (removed.length > 0)
      await trx
        .deleteFrom('parent_evening_classes')
        .where('evening_id', '=', id)
        .where('class_id', 'in', removed)
        .execute();
    if (added.length > 0) {
      await trx
        .insertInto('parent_evening_classes')
        .values(added.map((c) => ({ evening_id: id, class_id: c })))
        .execute();
      // The teachers of an added class join, at its site, unless they are already there.
      const present = new Set((await repo.findEveningTeachers(trx, id)).map((t) => t.teacher_id));
      const siteOf = new Map(classes.map((c) => [c.id, c.site_id]));
      const fallback = classes.find((c) => c.site_id)?.site_id ?? null;
      const joining = new Map<string, string>();
      for (const a of await repo.findTeachersOfClasses(trx, added)) {
        const site = siteOf.get(a.class_id!) ?? fallback;
        if (site && !present.has(a.teacher_id) && !joining.has(a.teacher_id)) joining.set(a.teacher_id, site);
      }
      if (joining.size > 0)
        await trx
          .insertInto('parent_evening_teachers')
          .values(
            [...joining].map(([teacherId, siteId]) => ({
              evening_id: id,
              teacher_id: teacherId,
              site_id: siteId,
              room_id: null,
              starts_at: next.startsAt,
              ends_at: next.endsAt,
              breaks: '[]',
            })),
          )
          .execute();
      const invited = await guardiansOfClasses(trx, added);
      const already = new Set(
        await guardiansOfClasses(
          trx,
          before.filter((c) => !removed.includes(c)),
        ),
      );
      await notify(trx, {
        personIds: invited.filter((g) => !already.has(g)),
        schoolId: e.school_id,
        kind: 'evening.open',
        title: 'Réunion parents-professeurs',
        body: `${next.title} le ${next.date} : choisissez les professeurs que vous souhaitez rencontrer.`,
        link: `/reunions/${id}`,
        message: { key: 'evening.open', params: { title: next.title, date: next.date } },
      });
    }
    if (moved) {
      const teachers = (await repo.findEveningTeachers(trx, id)).map((t) => t.teacher_id);
      await notify(trx, {
        personIds: [...new Set([...(await guardiansOfClasses(trx, classIds)), ...teachers])],
        schoolId: e.school_id,
        kind: 'evening.changed',
        title: 'Réunion parents-professeurs modifiée',
        body: `${next.title} : le ${next.date} de ${next.startsAt} à ${next.endsAt}.`,
        link: `/reunions/${id}`,
        message: {
          key: 'evening.changed',
          params: { title: next.title, date: next.date, startsAt: next.startsAt, endsAt: next.endsAt },
        },
      });
    }
    await recordAudit(trx, {
      schoolId: e.school_id,
      actorPersonId: actor.personId,
      action: 'evening.update',
      details: { eveningId: id, fields: Object.keys(patch), addedClasses: added, removedClasses: removed },
    });
  });
  return getEvening(db, actor, id);
}

const parseBreaks = (json: string): Array<{ startsAt: string; endsAt: string }> => {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? (list as Array<{ startsAt: string; endsAt: string }>) : [];
  } catch {
    return [];
  }
};

/**
 * Direction changes who takes part in an opened evening, and each teacher's site, room, hours and breaks
 * (`PUT /api/evenings/:id/teachers`, the whole list). Adding a teacher is always allowed. The rule chosen, as for
 * the classes, is **refuse, never undo families' choices behind their back**: leaving out a teacher whom families
 * asked for is `409 EVENING_TEACHER_HAS_REQUESTS` (`details.teacherIds`); once meetings are placed, moving a
 * teacher to another site, or hours and breaks that leave one of their meetings outside, is `409
 * EVENING_HAS_SCHEDULE` (`details.field: 'teachers'`). Another room for a teacher with placed meetings is accepted
 * and told to those families (`evening.changed`); added teachers are told they take part (`evening.teacher`).
 */
export async function setEveningTeachers(db: Executor, actor: Actor, id: string, input: EveningTeachersInput) {
  const e = await getForDirection(db, actor, id);
  const wanted = input.teachers.map((t) => t.teacherId);
  const known = new Set((await repo.findTeachersOfSchool(db, e.school_id, wanted)).map((t) => t.person_id));
  if (wanted.some((t) => !known.has(t)))
    throw new AppError('VALIDATION_FAILED', 'Unknown teacher in this school', {
      fields: [{ path: 'teachers', code: 'unknown' }],
    });
  const places = await checkTeacherPlaces(
    db,
    e.school_id,
    { startsAt: e.starts_at, endsAt: e.ends_at },
    input.teachers,
  );
  const current = await repo.findEveningTeachers(db, id);
  const requests = await repo.findRequests(db, id);
  const removed = current.filter((t) => !places.has(t.teacher_id)).map((t) => t.teacher_id);
  const asked = removed.filter((t) => requests.some((r) => r.teacher_id === t));
  if (asked.length > 0)
    throw new AppError('EVENING_TEACHER_HAS_REQUESTS', 'Families asked to meet these teachers', {
      teacherIds: asked,
    });
  const before = new Map(current.map((t) => [t.teacher_id, t]));
  const roomMoved: string[] = [];
  for (const [teacherId, p] of places) {
    const was = before.get(teacherId);
    const meetings = requests.filter((r) => r.teacher_id === teacherId && r.starts_at && r.ends_at);
    if (!was || meetings.length === 0) continue;
    const breaks = parseBreaks(p.breaks);
    const outside = meetings.filter(
      (r) =>
        r.starts_at! < p.startsAt ||
        r.ends_at! > p.endsAt ||
        breaks.some((b) => r.starts_at! < b.endsAt && b.startsAt < r.ends_at!),
    );
    if (p.siteId !== was.site_id || outside.length > 0)
      throw new AppError('EVENING_HAS_SCHEDULE', 'Published meetings of this teacher would lose their place', {
        field: 'teachers',
        teacherId,
        meetings: p.siteId !== was.site_id ? meetings.length : outside.length,
      });
    if (p.roomId !== was.room_id) roomMoved.push(teacherId);
  }
  const added = [...places.keys()].filter((t) => !before.has(t));
  const changed = [...places].filter(([teacherId, p]) => {
    const was = before.get(teacherId);
    return (
      was &&
      (was.site_id !== p.siteId ||
        was.room_id !== p.roomId ||
        was.starts_at !== p.startsAt ||
        was.ends_at !== p.endsAt ||
        JSON.stringify(parseBreaks(was.breaks)) !== p.breaks)
    );
  });
  await db.transaction().execute(async (trx) => {
    if (removed.length > 0)
      await trx
        .deleteFrom('parent_evening_teachers')
        .where('evening_id', '=', id)
        .where('teacher_id', 'in', removed)
        .execute();
    for (const [teacherId, p] of changed)
      await trx
        .updateTable('parent_evening_teachers')
        .set({ site_id: p.siteId, room_id: p.roomId, starts_at: p.startsAt, ends_at: p.endsAt, breaks: p.breaks })
        .where('evening_id', '=', id)
        .where('teacher_id', '=', teacherId)
        .execute();
    if (added.length > 0)
      await trx
        .insertInto('parent_evening_teachers')
        .values(
          added.map((teacherId) => {
            const p = places.get(teacherId)!;
            return {
              evening_id: id,
              teacher_id: teacherId,
              site_id: p.siteId,
              room_id: p.roomId,
              starts_at: p.startsAt,
              ends_at: p.endsAt,
              breaks: p.breaks,
            };
          }),
        )
        .execute();
    await notify(trx, {
      personIds: added,
      schoolId: e.school_id,
      kind: 'evening.teacher',
      title: 'Réunion parents-professeurs',
      body: `${e.title} le ${e.date} : vous recevez les familles.`,
      link: `/reunions/${id}`,
      message: { key: 'evening.teacher', params: { title: e.title, date: e.date } },
    });
    // A teacher with placed meetings in another room: their families are told where to go.
    const roomLabels = new Map(
      (await trx.selectFrom('rooms').select(['id', 'label']).where('school_id', '=', e.school_id).execute()).map(
        (r) => [r.id, r.label],
      ),
    );
    for (const teacherId of roomMoved) {
      const was = before.get(teacherId)!;
      const roomId = places.get(teacherId)!.roomId;
      const teacher = `${was.first_name} ${was.last_name}`;
      const room = roomId ? (roomLabels.get(roomId) ?? '') : '';
      await notify(trx, {
        personIds: [
          ...new Set(requests.filter((r) => r.starts_at && r.teacher_id === teacherId).map((r) => r.guardian_id)),
        ],
        schoolId: e.school_id,
        kind: 'evening.changed',
        title: 'Réunion parents-professeurs : changement de salle',
        body: `${e.title} le ${e.date} : ${teacher} vous reçoit en ${room || 'salle à préciser'}.`,
        link: `/reunions/${id}`,
        message: room
          ? { key: 'evening.room', params: { title: e.title, date: e.date, teacher, room } }
          : { key: 'evening.roomUnknown', params: { title: e.title, date: e.date, teacher } },
      });
    }
    await recordAudit(trx, {
      schoolId: e.school_id,
      actorPersonId: actor.personId,
      action: 'evening.teachers',
      details: { eveningId: id, added, removed, changed: changed.map(([t]) => t) },
    });
  });
  return getEvening(db, actor, id);
}

/**
 * Direction deletes an evening: its choices and meetings go with it (cascade), the families who made requests
 * and the teachers who had families are told it is cancelled, and the deletion is audited.
 */
export async function deleteEvening(db: Executor, actor: Actor, id: string) {
  const e = await getForDirection(db, actor, id);
  const requests = await repo.findRequests(db, id);
  const families = [...new Set(requests.map((r) => r.guardian_id))];
  const teachers = [...new Set(requests.filter((r) => r.starts_at).map((r) => r.teacher_id))];
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('parent_evenings').where('id', '=', id).execute();
    await notify(trx, {
      personIds: [...new Set([...families, ...teachers])],
      schoolId: e.school_id,
      kind: 'evening.cancelled',
      title: 'Réunion parents-professeurs annulée',
      body: `${e.title} du ${e.date} est annulée.`,
      link: '/reunions',
      message: { key: 'evening.cancelled', params: { title: e.title, date: e.date } },
    });
    await recordAudit(trx, {
      schoolId: e.school_id,
      actorPersonId: actor.personId,
      action: 'evening.delete',
      details: {
        eveningId: id,
        title: e.title,
        date: e.date,
        status: e.status,
        requests: requests.length,
        families: families.length,
      },
    });
  });
  return { ok: true as const };
}
