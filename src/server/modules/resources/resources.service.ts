/** Booking rooms, equipment and vehicles of a site: conflicts with bookings and with the timetable. */
import type { Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, eachDate, mondayOf } from '../timetable/timetable.calendar.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { findCalendarOfSchool, findSessionsOfSchoolOn, sessionsOfCourses } from '../timetable/timetable.service.ts';
import { parseSessionKey, type Session } from '../timetable/timetable.sessions.ts';
import {
  type BusyBooking,
  type BusyCourse,
  findResourceConflicts,
  type ResourceConflict,
  type Slot,
} from './resources.conflicts.ts';
import {
  canBookResources,
  canCancelBooking,
  canManageResources,
  RESOURCE_MANAGER_FUNCTIONS,
} from './resources.policy.ts';
import * as repo from './resources.repo.ts';
import type { Booking, BookingInput, Resource, ResourceInput } from './resources.schema.ts';

/** A weekly series books at most this many dates (a school year has about 36 weeks). */
const MAX_SERIES = 40;

// ------------------------------------------------------------------------------------------ presenters

export function presentResource(r: repo.ResourceRow): Resource {
  return {
    id: r.id,
    site: { id: r.site_id, name: r.site_name },
    kind: r.kind,
    label: r.label,
    roomId: r.room_id,
    needsValidation: r.needs_validation === 1,
  };
}

export function presentBooking(b: repo.BookingRow, actor: Actor): Booking {
  const active = b.status === 'pending' || b.status === 'confirmed';
  return {
    id: b.id,
    resource: { id: b.resource_id, label: b.resource_label, kind: b.resource_kind, siteName: b.site_name },
    bookedBy: { id: b.booked_by, firstName: b.first_name, lastName: b.last_name },
    date: b.date,
    startsAt: b.starts_at,
    endsAt: b.ends_at,
    sessionKey: b.session_key,
    seriesId: b.series_id,
    purpose: b.purpose,
    status: b.status,
    abilities: {
      cancel: active && canCancelBooking(actor, b),
      decide: b.status === 'pending' && canManageResources(actor, b.school_id),
    },
  };
}

// ---------------------------------------------------------------------------------------- what is busy

const courseOf = (s: Session): BusyCourse => ({
  key: s.key,
  date: s.date,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  roomId: s.room?.id ?? null,
  cancelled: s.cancelled,
  subject: s.subject.label,
  className: s.class?.code ?? (s.groups.map((g) => g.code).join(', ') || null),
  teachers: s.teachers.map((t) => `${t.firstName} ${t.lastName}`),
});

const bookingOf = (b: repo.BookingRow): BusyBooking => ({
  id: b.id,
  resourceId: b.resource_id,
  resourceLabel: b.resource_label,
  bookedBy: `${b.first_name} ${b.last_name}`,
  purpose: b.purpose,
  date: b.date,
  startsAt: b.starts_at,
  endsAt: b.ends_at,
});

/** The timetable's sessions of a school on some dates (each date: its weekday's courses, moves and extras). */
async function sessionsOn(db: Executor, schoolId: string, dates: readonly string[]): Promise<Session[]> {
  const out: Session[] = [];
  for (const d of [...new Set(dates)]) out.push(...(await findSessionsOfSchoolOn(db, schoolId, d)));
  return out;
}

function conflictError(conflicts: ResourceConflict[]): AppError {
  return new AppError('RESOURCE_TAKEN', 'This resource is already taken at that time', { conflicts });
}

/**
 * The bookings that make a room busy at a dated slot — the check the timetable runs when it adds an extra session
 * or moves a session into a room (its own courses are checked by timetable.conflicts.ts).
 */
export async function findRoomBookingConflicts(db: Executor, roomId: string, slot: Slot): Promise<ResourceConflict[]> {
  const resource = await repo.findResourceOfRoom(db, roomId);
  if (!resource) return [];
  await repo.lockResource(db, resource.id);
  const bookings = await repo.findActiveBookings(db, { resourceIds: [resource.id], from: slot.date, to: slot.date });
  return findResourceConflicts(
    { ...slot, resourceId: resource.id, roomId: null },
    { courses: [], bookings: bookings.map(bookingOf) },
  );
}

/** Throws RESOURCE_TAKEN when a room has a booking at that slot (extra sessions of the timetable). */
export async function assertRoomNotBooked(db: Executor, roomId: string | null, slot: Slot): Promise<void> {
  if (!roomId) return;
  const conflicts = await findRoomBookingConflicts(db, roomId, slot);
  if (conflicts.length > 0) throw conflictError(conflicts);
}

// ------------------------------------------------------------------------------------------- resources

/** Someone with no profile in the school (a deployment administrator included) does not see its resources. */
function assertSchool(actor: Actor, schoolId: string) {
  if (!belongsToSchool(actor, schoolId) || !actor.profiles.some((p) => p.schoolId === schoolId))
    throw new AppError('NOT_FOUND', 'School not found');
}

export async function listResources(db: Executor, actor: Actor, schoolId: string) {
  assertSchool(actor, schoolId);
  assertCan(canBookResources(actor, schoolId));
  const [sites, rows] = await Promise.all([
    repo.findSitesOfSchool(db, schoolId),
    repo.findResourcesOfSchool(db, schoolId),
  ]);
  return { sites, items: rows.map(presentResource), canManage: canManageResources(actor, schoolId) };
}

export async function createResource(db: Executor, actor: Actor, schoolId: string, input: ResourceInput) {
  assertSchool(actor, schoolId);
  assertCan(canManageResources(actor, schoolId));
  const site = await repo.findSiteOfSchool(db, schoolId, input.siteId);
  if (!site)
    throw new AppError('VALIDATION_FAILED', 'Unknown site in this school', {
      fields: [{ path: 'siteId', code: 'unknown' }],
    });
  if (input.kind === 'room' && !input.roomId)
    throw new AppError('VALIDATION_FAILED', 'A room resource is a room of the timetable', {
      fields: [{ path: 'roomId', code: 'required' }],
    });
  if (input.roomId) {
    const room = await repo.findRoomOfSchool(db, schoolId, input.roomId);
    if (!room || room.site_id !== site.id)
      throw new AppError('VALIDATION_FAILED', 'Unknown room on this site', {
        fields: [{ path: 'roomId', code: 'unknown' }],
      });
    if (await repo.findResourceOfRoom(db, input.roomId))
      throw new AppError('CONFLICT', 'This room is already bookable');
  }
  const id = newId();
  await repo.insertResource(db, {
    id,
    school_id: schoolId,
    site_id: site.id,
    room_id: input.kind === 'room' ? input.roomId : null,
    kind: input.kind,
    label: input.label,
    needs_validation: input.needsValidation ? 1 : 0,
    created_at: nowIso(),
  });
  return presentResource((await repo.getResource(db, id))!);
}

// ---------------------------------------------------------------------------------------------- a week

export async function getWeek(
  db: Executor,
  actor: Actor,
  schoolId: string,
  q: { date?: string | undefined; siteId?: string | undefined; resourceId?: string | undefined },
) {
  assertSchool(actor, schoolId);
  assertCan(canBookResources(actor, schoolId));
  const monday = mondayOf(q.date ?? todayInParis());
  const days = eachDate(monday, addDays(monday, 5)); // Monday to Saturday
  const resources = await repo.findResourcesOfSchool(db, schoolId, { siteId: q.siteId, resourceId: q.resourceId });
  const roomIds = new Map(resources.filter((r) => r.room_id).map((r) => [r.room_id!, r.id]));
  const items: Array<{
    resourceId: string;
    date: string;
    startsAt: string;
    endsAt: string;
    kind: 'course' | 'booking';
    label: string;
    status: Booking['status'] | null;
    mine: boolean;
    bookingId: string | null;
  }> = [];
  if (roomIds.size > 0) {
    for (const s of await sessionsOn(db, schoolId, days)) {
      const resourceId = s.room ? roomIds.get(s.room.id) : undefined;
      if (!resourceId || s.cancelled) continue;
      const c = courseOf(s);
      items.push({
        resourceId,
        date: s.date,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        kind: 'course',
        label: [c.subject, c.className].filter(Boolean).join(' · '),
        status: null,
        mine: s.teachers.some((t) => t.id === actor.personId),
        bookingId: null,
      });
    }
  }
  const bookings = await repo.findActiveBookings(db, {
    resourceIds: resources.map((r) => r.id),
    from: days[0]!,
    to: days[days.length - 1]!,
  });
  for (const b of bookings) {
    items.push({
      resourceId: b.resource_id,
      date: b.date,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      kind: 'booking',
      label: [`${b.first_name} ${b.last_name}`, b.purpose].filter(Boolean).join(' · '),
      status: b.status,
      mine: b.booked_by === actor.personId,
      bookingId: b.id,
    });
  }
  items.sort((a, b) => a.date.localeCompare(b.date) || a.startsAt.localeCompare(b.startsAt));
  return { monday, days, resources: resources.map(presentResource), items };
}

/** The caller's own sessions this week and next, to book a resource for one of them. */
export async function findMySessions(db: Executor, actor: Actor, schoolId: string) {
  assertSchool(actor, schoolId);
  assertCan(canBookResources(actor, schoolId));
  const from = todayInParis();
  const to = addDays(mondayOf(from), 13);
  const courses = (await timetableRepo.findCoursesOfTeacher(db, { teacherId: actor.personId, from, to })).filter(
    (c) => c.school_id === schoolId,
  );
  const sessions = (await sessionsOfCourses(db, courses, from, to)).filter(
    (s) => !s.cancelled && s.teachers.some((t) => t.id === actor.personId),
  );
  return {
    items: sessions
      .sort((a, b) => a.date.localeCompare(b.date) || a.startsAt.localeCompare(b.startsAt))
      .map((s) => ({
        key: s.key,
        date: s.date,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        label: [s.subject.label, s.class?.code ?? s.groups.map((g) => g.code).join(', ')].filter(Boolean).join(' · '),
        siteId: s.site?.id ?? null,
      })),
  };
}

// -------------------------------------------------------------------------------------------- bookings

async function resolveSessionSlot(db: Executor, actor: Actor, schoolId: string, key: string) {
  const parsed = parseSessionKey(key);
  const notFound = () => new AppError('NOT_FOUND', 'Session not found');
  if (!parsed) throw notFound();
  const [row] = await timetableRepo.findCoursesByIds(db, [parsed.courseId]);
  if (!row || row.school_id !== schoolId) throw notFound();
  const [session] = (await sessionsOfCourses(db, [row], parsed.date, parsed.date)).filter((s) => s.key === key);
  if (!session) throw notFound();
  if (session.cancelled) throw new AppError('SESSION_CANCELLED', 'This session is cancelled');
  // A teacher books for their own sessions; direction for any.
  assertCan(session.teachers.some((t) => t.id === actor.personId) || canManageResources(actor, schoolId));
  return session;
}

/**
 * Books a resource for a session or a time range, once or weekly until a date: every date is checked against the
 * resource's bookings and, for a room, the timetable, under the resource's row lock; one conflict refuses the whole
 * series with every conflict named.
 */
export async function createBooking(db: Executor, actor: Actor, schoolId: string, input: BookingInput) {
  assertSchool(actor, schoolId);
  assertCan(canBookResources(actor, schoolId));
  const resource = await repo.getResource(db, input.resourceId);
  if (!resource || resource.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Resource not found');
  let first: Slot;
  let sessionKey: string | null = null;
  if (input.sessionKey) {
    const s = await resolveSessionSlot(db, actor, schoolId, input.sessionKey);
    first = { date: s.date, startsAt: s.startsAt, endsAt: s.endsAt };
    sessionKey = s.key;
  } else {
    first = { date: input.date!, startsAt: input.startsAt!, endsAt: input.endsAt! };
  }
  if (first.startsAt >= first.endsAt)
    throw new AppError('VALIDATION_FAILED', 'A booking ends after it starts', {
      fields: [{ path: 'endsAt', code: 'too_small' }],
    });
  if (first.date < todayInParis())
    throw new AppError('VALIDATION_FAILED', 'A booking is for today or later', {
      fields: [{ path: 'date', code: 'too_small' }],
    });
  const dates = [first.date];
  if (input.repeatUntil) {
    if (input.repeatUntil < first.date)
      throw new AppError('VALIDATION_FAILED', 'A series ends after its first date', {
        fields: [{ path: 'repeatUntil', code: 'too_small' }],
      });
    const year = await findCalendarOfSchool(db, schoolId, first.date);
    for (let d = addDays(first.date, 7); d <= input.repeatUntil; d = addDays(d, 7)) {
      if (year && year.cal.dayOffLabel(d) !== null) continue;
      dates.push(d);
      if (dates.length > MAX_SERIES)
        throw new AppError('VALIDATION_FAILED', `A series books at most ${MAX_SERIES} dates`, {
          fields: [{ path: 'repeatUntil', code: 'too_big' }],
        });
    }
  }
  const slots = dates.map((date) => ({ ...first, date }));
  const status: 'pending' | 'confirmed' =
    resource.needs_validation === 1 && !canManageResources(actor, schoolId) ? 'pending' : 'confirmed';
  const seriesId = slots.length > 1 ? newId() : null;
  const ids = slots.map(() => newId());
  const run = async (trx: Executor) => {
    await repo.lockResource(trx, resource.id);
    const courses = resource.room_id ? (await sessionsOn(trx, schoolId, dates)).map(courseOf) : [];
    const bookings = (
      await repo.findActiveBookings(trx, { resourceIds: [resource.id], from: dates[0]!, to: dates[dates.length - 1]! })
    ).map(bookingOf);
    const conflicts = slots.flatMap((slot) =>
      findResourceConflicts(
        { ...slot, resourceId: resource.id, roomId: resource.room_id },
        { courses, bookings },
        { ignoreSessionKey: sessionKey },
      ),
    );
    if (conflicts.length > 0) throw conflictError(conflicts);
    const now = nowIso();
    await repo.insertBookings(
      trx,
      slots.map((slot, i) => ({
        id: ids[i]!,
        school_id: schoolId,
        resource_id: resource.id,
        booked_by: actor.personId,
        date: slot.date,
        starts_at: slot.startsAt,
        ends_at: slot.endsAt,
        session_key: i === 0 ? sessionKey : null,
        series_id: seriesId,
        purpose: input.purpose,
        status,
        created_at: now,
      })),
    );
    if (status === 'pending') {
      const managers = await repo.findManagersOf(trx, schoolId, RESOURCE_MANAGER_FUNCTIONS);
      const who = `${actor.firstName} ${actor.lastName}`;
      await notify(trx, {
        personIds: managers.map((m) => m.person_id),
        schoolId,
        kind: 'booking.pending',
        title: 'Réservation à valider',
        body: `${who} demande ${resource.label} le ${first.date} de ${first.startsAt} à ${first.endsAt}.`,
        link: '/reservations?onglet=valider',
        message: {
          key: 'booking.pending',
          params: { who, resource: resource.label, date: first.date, start: first.startsAt, end: first.endsAt },
        },
      });
    }
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
  const rows = await Promise.all(ids.map((id) => repo.getBooking(db, id)));
  return { items: rows.map((r) => presentBooking(r!, actor)) };
}

export async function listMine(db: Executor, actor: Actor) {
  const rows = await repo.findBookingsOf(db, actor.personId, todayInParis());
  return { items: rows.map((r) => presentBooking(r, actor)) };
}

export async function listPending(db: Executor, actor: Actor, schoolId: string) {
  assertSchool(actor, schoolId);
  assertCan(canManageResources(actor, schoolId));
  const rows = await repo.findPendingOfSchool(db, schoolId, todayInParis());
  return { items: rows.map((r) => presentBooking(r, actor)) };
}

async function loadBooking(db: Executor, actor: Actor, id: string) {
  const b = await repo.getBooking(db, id);
  // Outside the caller's schools, or someone else's booking for a caller who may not book: not found.
  if (!b || !actor.profiles.some((p) => p.schoolId === b.school_id))
    throw new AppError('NOT_FOUND', 'Booking not found');
  if (!canBookResources(actor, b.school_id)) throw new AppError('NOT_FOUND', 'Booking not found');
  return b;
}

export async function decideBooking(db: Executor, actor: Actor, id: string, decision: 'confirm' | 'refuse') {
  const b = await loadBooking(db, actor, id);
  assertCan(canManageResources(actor, b.school_id));
  if (b.status !== 'pending') throw new AppError('CONFLICT', 'This booking is not awaiting a decision');
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await repo.setBookingStatus(trx, id, decision === 'confirm' ? 'confirmed' : 'refused', actor.personId, now);
    await notify(trx, {
      personIds: [b.booked_by],
      schoolId: b.school_id,
      kind: 'booking.decision',
      title: decision === 'confirm' ? 'Réservation validée' : 'Réservation refusée',
      body: `${b.resource_label} le ${b.date} de ${b.starts_at} à ${b.ends_at}.`,
      link: '/reservations?onglet=mes-reservations',
      message: {
        key: decision === 'confirm' ? 'booking.confirmed' : 'booking.refused',
        params: { resource: b.resource_label, date: b.date, start: b.starts_at, end: b.ends_at },
      },
    });
  });
  return presentBooking((await repo.getBooking(db, id))!, actor);
}

export async function cancelBooking(db: Executor, actor: Actor, id: string) {
  const b = await loadBooking(db, actor, id);
  assertCan(canCancelBooking(actor, b));
  if (b.status !== 'pending' && b.status !== 'confirmed') throw new AppError('CONFLICT', 'This booking is not active');
  await repo.setBookingStatus(db, id, 'cancelled', actor.personId, nowIso());
  if (b.booked_by !== actor.personId) {
    await recordAudit(db, {
      action: 'booking.cancel',
      actorPersonId: actor.personId,
      schoolId: b.school_id,
      targetPersonId: b.booked_by,
      details: { bookingId: id },
    });
  }
  return presentBooking((await repo.getBooking(db, id))!, actor);
}
