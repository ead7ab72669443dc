import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Executor } from '../../db/types.ts';
import { deploymentId } from '../../lib/deployment.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasAnyFunction, type StaffFunction } from '../../lib/policy.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import { parisWallClock } from '../attendance/attendance.halfdays.ts';
import { isGuardianOf } from '../directory/directory.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { findCalendarOfSchool, findSessionsOfTeacher } from '../timetable/timetable.service.ts';
import type { Session } from '../timetable/timetable.sessions.ts';
import {
  canBookAsGuardian,
  canReceiveFamilies,
  canUseReceptionDesk,
  PRIVATE_BY_DEFAULT,
  RECEIVING_FUNCTIONS,
} from './appointments.policy.ts';
import * as repo from './appointments.repo.ts';
import type {
  Appointment,
  Availability,
  AvailabilityIn,
  BookInput,
  ReceptionSettings,
  Slot,
} from './appointments.schema.ts';
import { courseTimesOf, type OpenSlot, openSlots, usualSlotMinutes } from './appointments.slots.ts';
import { RECEPTION_SETTING } from './reception.settings.ts';

const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

const DEFAULT_BOOK_AHEAD_DAYS = 21;

// ------------------------------------------------------------------------------------------ availability

function defaultPrivate(actor: Actor, schoolId: string) {
  return hasAnyFunction(actor, PRIVATE_BY_DEFAULT, schoolId);
}

export async function getAvailability(db: Executor, actor: Actor, schoolId: string): Promise<Availability> {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canReceiveFamilies(actor, schoolId));
  const [setting, slots, exceptions, [sites, rooms]] = await Promise.all([
    repo.findStaffSetting(db, schoolId, actor.personId),
    repo.findAvailabilitySlots(db, schoolId, [actor.personId]),
    repo.findExceptions(db, schoolId, actor.personId),
    repo.findSitesWithRooms(db, schoolId),
  ]);
  return {
    bookAheadDays: setting?.book_ahead_days ?? DEFAULT_BOOK_AHEAD_DAYS,
    privateReason: setting ? setting.private_reason === 1 : defaultPrivate(actor, schoolId),
    offerCancelledCourses: setting?.offer_cancelled_courses === 1,
    slots: slots.map((s) => ({
      siteId: s.site_id,
      roomId: s.room_id,
      weekday: s.weekday,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      slotMinutes: s.slot_minutes,
    })),
    exceptions: exceptions.map((e) => ({ date: e.on_date, label: e.label })),
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      rooms: rooms.filter((r) => r.site_id === s.id).map((r) => ({ id: r.id, code: r.code, label: r.label })),
    })),
  };
}

/** Replaces the caller's weekly openings, exceptions and settings in the school. */
export async function saveAvailability(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: AvailabilityIn,
): Promise<Availability> {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canReceiveFamilies(actor, schoolId));
  const [sites, rooms] = await repo.findSitesWithRooms(db, schoolId);
  for (const s of input.slots) {
    if (!sites.some((x) => x.id === s.siteId))
      throw new AppError('VALIDATION_FAILED', 'Unknown site', { site: s.siteId });
    if (s.roomId && !rooms.some((r) => r.id === s.roomId && r.site_id === s.siteId)) {
      throw new AppError('VALIDATION_FAILED', 'Unknown room for this site', { room: s.roomId });
    }
    if (s.endsAt <= s.startsAt) throw new AppError('VALIDATION_FAILED', 'An opening ends after it starts');
  }
  const days = new Set<string>();
  await db.transaction().execute(async (trx) => {
    const offer =
      input.offerCancelledCourses ??
      (await repo.findStaffSetting(trx, schoolId, actor.personId))?.offer_cancelled_courses === 1;
    await repo.replaceAvailability(trx, {
      schoolId,
      staffId: actor.personId,
      now: nowIso(),
      setting: {
        id: newId(),
        book_ahead_days: input.bookAheadDays,
        private_reason: input.privateReason ? 1 : 0,
        offer_cancelled_courses: offer ? 1 : 0,
      },
      slots: input.slots.map((s) => ({
        id: newId(),
        site_id: s.siteId,
        room_id: s.roomId,
        weekday: s.weekday,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        slot_minutes: s.slotMinutes,
      })),
      exceptions: input.exceptions
        .filter((e) => !days.has(e.date) && days.add(e.date))
        .map((e) => ({ id: newId(), on_date: e.date, label: e.label })),
    });
  });
  return getAvailability(db, actor, schoolId);
}

// ------------------------------------------------------------------------------------------ who and when

/** The child's school, once the caller may book for the child: their guardian, or the school's reception. */
async function schoolForBooking(db: Executor, actor: Actor, pupilId: string): Promise<string> {
  const schoolId = await repo.findSchoolOfPupil(db, pupilId);
  if (!schoolId || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'Pupil not found');
  if (canUseReceptionDesk(actor, schoolId)) return schoolId;
  const allowed = canBookAsGuardian(actor, schoolId) && (await isGuardianOf(db, actor.personId, pupilId));
  assertCan(allowed, { hide: true, what: 'Pupil' });
  return schoolId;
}

const rolesOf = (r: { functions: string[]; isTeacher: boolean; isStaff: boolean }) => [
  ...(r.isStaff ? r.functions.filter((f) => (RECEIVING_FUNCTIONS as readonly string[]).includes(f)) : []),
  ...(r.isTeacher ? ['teacher'] : []),
];

/**
 * Staff who receive the child's family: staff of the child's school with a receiving function who published
 * openings, and the child's own teachers who did.
 */
async function receivingStaffFor(db: Executor, schoolId: string, pupilId: string, today: string) {
  const [staff, teachers] = await Promise.all([
    repo.findPublishingStaff(db, schoolId),
    repo.findTeachersOfPupil(db, schoolId, pupilId, today),
  ]);
  return staff
    .map((s) => {
      const subjects = [...new Set(teachers.filter((t) => t.teacher_id === s.id).map((t) => t.subject))];
      const roles = rolesOf({ ...s, isTeacher: s.isTeacher && subjects.length > 0 });
      return { id: s.id, firstName: s.first_name, lastName: s.last_name, roles, subjects };
    })
    .filter((s) => s.roles.length > 0);
}

export async function listStaffForChild(db: Executor, actor: Actor, pupilId: string, at = new Date()) {
  const schoolId = await schoolForBooking(db, actor, pupilId);
  return { staff: await receivingStaffFor(db, schoolId, pupilId, parisWallClock(at).date) };
}

/**
 * The staff member's slots: their openings, less the courses they teach that run; plus, when they choose it, the
 * time their cancelled (moved away, replaced) courses free.
 */
async function slotsOf(
  db: Executor,
  schoolId: string,
  staffId: string,
  o: { from: string; to: string; now: { date: string; time: string }; includeTaken?: boolean },
): Promise<OpenSlot[]> {
  const [rows, exceptions, taken, setting, sessions] = await Promise.all([
    repo.findAvailabilitySlots(db, schoolId, [staffId]),
    repo.findExceptions(db, schoolId, staffId, o.from),
    o.includeTaken ? Promise.resolve(new Set<string>()) : repo.findTakenSlots(db, staffId, o.from, o.to),
    repo.findStaffSetting(db, schoolId, staffId),
    findSessionsOfTeacher(db, { teacherId: staffId, from: o.from, to: o.to }),
  ]);
  const calendars = new Map<string, Awaited<ReturnType<typeof findCalendarOfSchool>>>();
  const days: Record<string, boolean> = {};
  for (let d = o.from; d <= o.to; d = addDays(d, 1)) {
    const hit = [...calendars.values()].find((y) => y && y.startsOn <= d && y.endsOn >= d);
    const year = hit ?? (await findCalendarOfSchool(db, schoolId, d));
    if (year) calendars.set(year.id, year);
    days[d] = year ? year.cal.isSchoolDay(d) : false;
  }
  const openings = rows.map((s) => ({
    siteId: s.site_id,
    siteName: s.site_name,
    roomId: s.room_id,
    roomLabel: s.room_label ?? null,
    weekday: s.weekday,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    slotMinutes: s.slot_minutes,
  }));
  // A course in another school the teacher also teaches in keeps them busy; only this school's courses free time
  // here (the appointment takes place at the course's site).
  const { busy } = courseTimesOf(sessions, staffId);
  const { freed } = courseTimesOf(
    sessions.filter((s) => s.schoolId === schoolId),
    staffId,
  );
  const offer = setting?.offer_cancelled_courses === 1;
  return openSlots({
    openings,
    from: o.from,
    to: o.to,
    now: o.now,
    isSchoolDay: (d) => days[d] === true,
    exceptions: new Set(exceptions.map((e) => e.on_date)),
    taken,
    busy,
    freed: offer ? freed : [],
    freedMinutes: offer ? usualSlotMinutes(openings) : null,
    fallbackSite: openings[0] ? { id: openings[0].siteId, name: openings[0].siteName } : null,
  });
}

const presentSlot = (s: OpenSlot): Slot => ({
  date: s.date,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  site: s.site,
  room: s.room,
  freedByCourse: s.freed,
});

async function bookingWindow(db: Executor, schoolId: string, staffId: string, at: Date) {
  const now = parisWallClock(at);
  const setting = await repo.findStaffSetting(db, schoolId, staffId);
  return { now, from: now.date, to: addDays(now.date, setting?.book_ahead_days ?? DEFAULT_BOOK_AHEAD_DAYS) };
}

export async function listSlots(db: Executor, actor: Actor, pupilId: string, staffId: string, at = new Date()) {
  const schoolId = await schoolForBooking(db, actor, pupilId);
  const staff = await receivingStaffFor(db, schoolId, pupilId, parisWallClock(at).date);
  if (!staff.some((s) => s.id === staffId)) throw new AppError('NOT_FOUND', 'Staff member not found');
  const w = await bookingWindow(db, schoolId, staffId, at);
  return { slots: (await slotsOf(db, schoolId, staffId, w)).map(presentSlot) };
}

// ------------------------------------------------------------------------------------------ booking

export async function book(db: Executor, actor: Actor, input: BookInput, at = new Date()): Promise<Appointment> {
  const schoolId = await schoolForBooking(db, actor, input.pupilId);
  const byReception = canUseReceptionDesk(actor, schoolId) && input.guardianId !== undefined;
  const guardianId = byReception ? (input.guardianId as string) : actor.personId;
  if (byReception) {
    const followers = await repo.findFollowingGuardians(db, input.pupilId);
    if (!followers.some((g) => g.guardian_id === guardianId)) {
      throw new AppError('VALIDATION_FAILED', 'This person does not follow the pupil’s schooling', { guardianId });
    }
  } else {
    // Reception staff booking without saying for whom, or a guardian naming someone else.
    const ok = canBookAsGuardian(actor, schoolId) && (await isGuardianOf(db, actor.personId, input.pupilId));
    if (!ok || (input.guardianId && input.guardianId !== actor.personId)) {
      throw new AppError('VALIDATION_FAILED', 'Say which guardian the appointment is with', { field: 'guardianId' });
    }
  }
  const staff = await receivingStaffFor(db, schoolId, input.pupilId, parisWallClock(at).date);
  if (!staff.some((s) => s.id === input.staffId)) throw new AppError('NOT_FOUND', 'Staff member not found');
  const w = await bookingWindow(db, schoolId, input.staffId, at);
  if (input.date < w.from || input.date > w.to) throw new AppError('SLOT_UNAVAILABLE', 'This slot cannot be booked');
  const day = { ...w, from: input.date, to: input.date };
  const slot = (await slotsOf(db, schoolId, input.staffId, { ...day, includeTaken: true })).find(
    (s) => s.startsAt === input.startsAt,
  );
  if (!slot) throw new AppError('SLOT_UNAVAILABLE', 'This slot cannot be booked');
  const taken = await repo.findTakenSlots(db, input.staffId, input.date, input.date);
  const key = `${input.date}T${input.startsAt}`;
  if (taken.has(key)) throw new AppError('SLOT_TAKEN', 'This slot has just been taken');

  const setting = await repo.findStaffSetting(db, schoolId, input.staffId);
  const staffRoles = await repo.findRolesOf(db, schoolId, [input.staffId]);
  const isPrivate = setting
    ? setting.private_reason === 1
    : (staffRoles.get(input.staffId)?.functions ?? []).some((f) => PRIVATE_BY_DEFAULT.includes(f as StaffFunction));
  const id = newId();
  const pupilName = await pupilAndGuardianNames(db, input.pupilId, guardianId);
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertAppointment(trx, {
        id,
        school_id: schoolId,
        staff_id: input.staffId,
        site_id: slot.site.id,
        room_id: slot.roomId,
        pupil_id: input.pupilId,
        guardian_id: guardianId,
        booked_by: actor.personId,
        on_date: input.date,
        starts_at: slot.startsAt,
        ends_at: slot.endsAt,
        reason: input.reason,
        reason_private: isPrivate ? 1 : 0,
        active_slot: key,
        status: 'booked',
        cancelled_at: null,
        cancelled_by: null,
        cancel_reason: null,
        arrived_at: null,
        reminded_at: null,
        created_at: nowIso(),
      });
      const params = { child: pupilName.child, guardian: pupilName.guardian, date: input.date, time: slot.startsAt };
      await notify(trx, {
        personIds: [input.staffId],
        schoolId,
        kind: 'appointment',
        title: 'Nouveau rendez-vous',
        body: `${params.guardian} (${params.child}), le ${input.date} à ${slot.startsAt}`,
        message: { key: 'appointment.booked', params: { ...params, reason: input.reason } },
        link: '/rendez-vous',
      });
      const staffName = staff.find((s) => s.id === input.staffId);
      await notify(trx, {
        personIds: [guardianId],
        schoolId,
        kind: 'appointment',
        title: 'Rendez-vous confirmé',
        body: `Avec ${staffName?.firstName} ${staffName?.lastName}, le ${input.date} à ${slot.startsAt}`,
        message: {
          key: 'appointment.confirmed',
          params: {
            staff: `${staffName?.firstName} ${staffName?.lastName}`,
            child: params.child,
            date: input.date,
            time: slot.startsAt,
          },
        },
        link: '/rendez-vous',
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('SLOT_TAKEN', 'This slot has just been taken');
    throw e;
  }
  return getForActor(db, actor, id);
}

async function pupilAndGuardianNames(db: Executor, pupilId: string, guardianId: string) {
  const rows = await db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name'])
    .where('id', 'in', [pupilId, guardianId])
    .execute();
  const name = (id: string) => {
    const r = rows.find((x) => x.id === id);
    return r ? `${r.first_name} ${r.last_name}` : '';
  };
  return { child: name(pupilId), guardian: name(guardianId) };
}

// ------------------------------------------------------------------------------------------ reading

interface Viewer {
  actor: Actor;
  /** Pupils whose school information the caller follows as a guardian. */
  childIds: ReadonlySet<string>;
  settings: Map<string, ReceptionSettings>;
}

/** Who reads the reason: the staff member and the appointment's guardian always; reception never when private. */
function readsReason(v: Viewer, r: repo.AppointmentRow): boolean {
  if (r.staff_id === v.actor.personId || r.guardian_id === v.actor.personId) return true;
  if (r.reason_private === 0) return true;
  if (v.childIds.has(r.pupil_id)) return !(v.settings.get(r.school_id)?.hidePrivateReasonFromOtherGuardian ?? true);
  return false;
}

function canSee(v: Viewer, r: repo.AppointmentRow): boolean {
  return (
    r.staff_id === v.actor.personId ||
    r.guardian_id === v.actor.personId ||
    v.childIds.has(r.pupil_id) ||
    canUseReceptionDesk(v.actor, r.school_id)
  );
}

function present(
  v: Viewer,
  r: repo.AppointmentRow,
  roles: Map<string, { functions: string[]; isTeacher: boolean; isStaff: boolean }>,
): Appointment {
  const booked = r.status === 'booked';
  return {
    id: r.id,
    schoolId: r.school_id,
    date: r.on_date,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    staff: {
      id: r.staff_id,
      firstName: r.staff_first_name,
      lastName: r.staff_last_name,
      roles: rolesOf(roles.get(r.staff_id) ?? { functions: [], isTeacher: false, isStaff: false }),
    },
    pupil: { id: r.pupil_id, firstName: r.pupil_first_name, lastName: r.pupil_last_name },
    guardian: { id: r.guardian_id, firstName: r.guardian_first_name, lastName: r.guardian_last_name },
    site: { id: r.site_id, name: r.site_name },
    room: r.room_label ?? null,
    reason: readsReason(v, r) ? r.reason : null,
    reasonPrivate: r.reason_private === 1,
    bookedByReception: r.booked_by !== null && r.booked_by !== r.guardian_id,
    arrivedAt: r.arrived_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    abilities: {
      cancel: booked && r.arrived_at === null && canSee(v, r),
      markArrived: booked && r.arrived_at === null && canUseReceptionDesk(v.actor, r.school_id),
    },
  };
}

async function viewerOf(db: Executor, actor: Actor, schoolIds: string[]): Promise<Viewer> {
  const links = await db
    .selectFrom('guardianships as g')
    .select('g.pupil_id')
    .where('g.guardian_id', '=', actor.personId)
    .where((eb) => eb.and([eb('g.court_restricted', '=', 0)]))
    .where((eb) => eb.or([eb('g.responsibility', '<>', 'contact'), eb('g.school_access', '=', 1)]))
    .execute();
  const settings = new Map<string, ReceptionSettings>();
  for (const id of new Set(schoolIds)) settings.set(id, await getSchoolSetting(db, id, RECEPTION_SETTING));
  return { actor, childIds: new Set(links.map((l) => l.pupil_id)), settings };
}

export async function presentRows(db: Executor, actor: Actor, rows: repo.AppointmentRow[]): Promise<Appointment[]> {
  const v = await viewerOf(
    db,
    actor,
    rows.map((r) => r.school_id),
  );
  const visible = rows.filter((r) => canSee(v, r));
  const bySchool = new Map<string, string[]>();
  for (const r of visible) bySchool.set(r.school_id, [...(bySchool.get(r.school_id) ?? []), r.staff_id]);
  const roles = new Map<string, { functions: string[]; isTeacher: boolean; isStaff: boolean }>();
  for (const [schoolId, ids] of bySchool) {
    for (const [k, val] of await repo.findRolesOf(db, schoolId, [...new Set(ids)])) roles.set(k, val);
  }
  return visible.map((r) => present(v, r, roles));
}

/** One appointment as the caller may see it; NOT_FOUND when they may not. */
export async function getForActor(db: Executor, actor: Actor, id: string): Promise<Appointment> {
  const row = await repo.getAppointment(db, id);
  if (!row || !belongsToSchool(actor, row.school_id)) throw new AppError('NOT_FOUND', 'Appointment not found');
  const [out] = await presentRows(db, actor, [row]);
  if (!out) throw new AppError('NOT_FOUND', 'Appointment not found');
  return out;
}

/** The caller's appointments: as a family (their children's) or as staff (their own), from today by default. */
export async function listMine(
  db: Executor,
  actor: Actor,
  q: { as: 'family' | 'staff'; from?: string; to?: string },
  at = new Date(),
): Promise<{ items: Appointment[] }> {
  const today = parisWallClock(at).date;
  const from = q.from ?? today;
  const to = q.to ?? addDays(from, 120);
  if (q.as === 'staff') {
    const schools = [...new Set(actor.profiles.map((p) => p.schoolId))];
    assertCan(schools.some((s) => canReceiveFamilies(actor, s)));
    return { items: await presentRows(db, actor, await repo.findAppointmentsOfStaff(db, actor.personId, from, to)) };
  }
  assertCan(actor.profiles.some((p) => p.kind === 'guardian'));
  const v = await viewerOf(db, actor, []);
  const rows = await repo.findAppointmentsOfPupils(db, [...v.childIds], from, to);
  return {
    items: await presentRows(
      db,
      actor,
      rows.filter((r) => belongsToSchool(actor, r.school_id)),
    ),
  };
}

// ------------------------------------------------------------------------------------------ changes

export async function cancel(db: Executor, actor: Actor, id: string, reason: string): Promise<Appointment> {
  const before = await getForActor(db, actor, id);
  if (!before.abilities.cancel) throw new AppError('CONFLICT', 'This appointment can no longer be cancelled');
  const row = await repo.getAppointment(db, id);
  if (!row) throw new AppError('NOT_FOUND', 'Appointment not found');
  const byStaff = row.staff_id === actor.personId;
  const family = (await repo.findFollowingGuardians(db, row.pupil_id)).map((g) => g.guardian_id);
  // The other side: the family when the staff member cancels; the staff member (and the family, when reception
  // cancels for them) otherwise.
  const told = byStaff
    ? [row.guardian_id]
    : [
        row.staff_id,
        ...(canUseReceptionDesk(actor, row.school_id) && !family.includes(actor.personId) ? [row.guardian_id] : []),
      ];
  await db.transaction().execute(async (trx) => {
    const res = await repo.cancelAppointment(trx, id, { at: nowIso(), by: actor.personId, reason });
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'This appointment is already cancelled');
    await notify(trx, {
      personIds: told.filter((p) => p !== actor.personId),
      schoolId: row.school_id,
      kind: 'appointment',
      title: 'Rendez-vous annulé',
      body: `Le rendez-vous du ${row.on_date} à ${row.starts_at} est annulé.`,
      message: {
        key: 'appointment.cancelled',
        params: {
          by: `${actor.firstName} ${actor.lastName}`,
          child: `${row.pupil_first_name} ${row.pupil_last_name}`,
          date: row.on_date,
          time: row.starts_at,
          reason,
        },
      },
      link: '/rendez-vous',
    });
  });
  return getForActor(db, actor, id);
}

/**
 * A course now runs when a family has an appointment with its teacher (a cancellation undone, a session moved or
 * given to them, an extra session): the appointment is kept and both sides are told — the staff member, so that
 * they move one or the other, and the family who booked, so that they are not surprised (without the course's
 * subject or the appointment's reason). Called by the timetable in the transaction of its change.
 */
export async function notifyCourseOverlaps(db: Executor, session: Session): Promise<number> {
  if (session.cancelled) return 0;
  const rows = await repo.findBookedOverlapping(db, {
    staffIds: session.teachers.map((t) => t.id),
    date: session.date,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
  });
  for (const r of rows) {
    const params = {
      guardian: `${r.guardian_first_name} ${r.guardian_last_name}`,
      child: `${r.pupil_first_name} ${r.pupil_last_name}`,
      date: r.on_date,
      time: r.starts_at,
      subject: session.subject.label,
      start: session.startsAt,
      end: session.endsAt,
    };
    await notify(db, {
      personIds: [r.staff_id],
      schoolId: r.school_id,
      kind: 'appointment',
      title: 'Rendez-vous pendant un cours',
      body: `Le rendez-vous avec ${params.guardian} (${params.child}) le ${r.on_date} à ${r.starts_at} tombe pendant le cours de ${params.subject} (${params.start}–${params.end}).`,
      message: { key: 'appointment.courseOverlap', params },
      link: '/rendez-vous',
    });
    const family = {
      staff: `${r.staff_first_name} ${r.staff_last_name}`,
      child: params.child,
      date: r.on_date,
      time: r.starts_at,
    };
    await notify(db, {
      personIds: [r.guardian_id],
      schoolId: r.school_id,
      kind: 'appointment',
      title: 'Rendez-vous : un cours a finalement lieu',
      body: `Votre rendez-vous avec ${family.staff} pour ${family.child} le ${r.on_date} à ${r.starts_at} tombe pendant un cours qui a finalement lieu.`,
      message: { key: 'appointment.courseOverlapFamily', params: family },
      link: '/rendez-vous',
    });
  }
  return rows.length;
}

/** Reception marks the family arrived: the staff member is told. */
export async function markArrived(db: Executor, actor: Actor, id: string): Promise<Appointment> {
  const row = await repo.getAppointment(db, id);
  if (!row || !belongsToSchool(actor, row.school_id)) throw new AppError('NOT_FOUND', 'Appointment not found');
  assertCan(canUseReceptionDesk(actor, row.school_id));
  if (row.status !== 'booked') throw new AppError('CONFLICT', 'This appointment is cancelled');
  await db.transaction().execute(async (trx) => {
    const res = await repo.markArrived(trx, id, nowIso());
    if (Number(res.numUpdatedRows) !== 1) return;
    await notify(trx, {
      personIds: [row.staff_id],
      schoolId: row.school_id,
      kind: 'appointment',
      title: 'Famille arrivée',
      body: `${row.guardian_first_name} ${row.guardian_last_name} est arrivé(e) à l’accueil (${row.site_name}).`,
      message: {
        key: 'appointment.arrived',
        params: {
          guardian: `${row.guardian_first_name} ${row.guardian_last_name}`,
          child: `${row.pupil_first_name} ${row.pupil_last_name}`,
          site: row.site_name,
          time: row.starts_at,
        },
      },
      link: '/rendez-vous',
    });
  });
  return getForActor(db, actor, id);
}

/** The appointment as an iCalendar file (the guardian's or staff member's own calendar). */
export async function icsOf(db: Executor, actor: Actor, id: string): Promise<string> {
  const a = await getForActor(db, actor, id);
  const domain = await deploymentId(db);
  const cal = ical({
    name: 'Rendez-vous — Préau',
    prodId: { company: 'Préau', product: 'appointments', language: 'FR' },
    timezone: { name: 'Europe/Paris', generator: getVtimezoneComponent },
  });
  cal.createEvent({
    id: `appointment-${a.id}@${domain}.preau`,
    start: `${a.date}T${a.startsAt}:00`,
    end: `${a.date}T${a.endsAt}:00`,
    summary: `Rendez-vous : ${a.staff.firstName} ${a.staff.lastName} — ${a.pupil.firstName} ${a.pupil.lastName}`,
    location: [a.room, a.site.name].filter(Boolean).join(', ') || null,
    description: a.reason ?? 'Rendez-vous',
    timezone: 'Europe/Paris',
    status: a.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString().replace(/^(DTSTAMP|LAST-MODIFIED):(\d{8}T\d{6})(?=\r?$)/gm, '$1:$2Z');
}

/** Reminders of tomorrow's appointments to the guardian (once). Run by the reception job; `at` is injectable. */
export async function sendReminders(db: Executor, at = new Date()): Promise<number> {
  const tomorrow = addDays(parisWallClock(at).date, 1);
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('people as st', 'st.id', 'a.staff_id')
    .innerJoin('people as pu', 'pu.id', 'a.pupil_id')
    .select([
      'a.id',
      'a.school_id',
      'a.guardian_id',
      'a.on_date',
      'a.starts_at',
      'st.first_name',
      'st.last_name',
      'pu.first_name as child',
    ])
    .where('a.on_date', '=', tomorrow)
    .where('a.status', '=', 'booked')
    .where('a.reminded_at', 'is', null)
    .execute();
  for (const r of rows) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('appointments').set({ reminded_at: at.toISOString() }).where('id', '=', r.id).execute();
      await notify(trx, {
        personIds: [r.guardian_id],
        schoolId: r.school_id,
        kind: 'appointment',
        title: 'Rappel de rendez-vous',
        body: `Demain à ${r.starts_at} avec ${r.first_name} ${r.last_name}.`,
        message: {
          key: 'appointment.reminder',
          params: { staff: `${r.first_name} ${r.last_name}`, child: r.child, date: r.on_date, time: r.starts_at },
        },
        link: '/rendez-vous',
      });
    });
  }
  return rows.length;
}
